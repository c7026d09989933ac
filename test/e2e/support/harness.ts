import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { BuiltUser } from '../../support/factories.js';
import { startTestServer, type TestChannelSenders, type TestServer } from '../../support/test-server.js';
import { ensureClientBuilt } from './client-build.js';

/** Debian's Chromium, never a downloaded one; CHROMIUM_PATH points elsewhere on other systems. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Screenshots of what each test ends on, for a person to look at (ignored by git). */
export const OUTPUT_DIR = path.resolve(import.meta.dirname, '../output');

const VIEWPORTS = {
  hq: { width: 1440, height: 900 },
  tablet: { width: 1024, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

interface OpenPage {
  label: string;
  page: Page;
  /** Browser console errors and uncaught exceptions, printed when a test fails. */
  problems: string[];
}

/**
 * One real server and one Chromium for a test file. Call at the top of a `describe`: it starts
 * both before the tests, closes them after, and on a failed test saves a screenshot of every open
 * page to a temporary folder and prints where.
 */
export class E2e {
  private started: { server: TestServer; browser: Browser } | null = null;
  private readonly contexts: BrowserContext[] = [];
  private readonly pages: OpenPage[] = [];

  /**
   * `env`: settings for the server, read when it starts (e.g. the address of a local peer);
   * `senders`: the channels' senders it uses instead of its own (see startTestServer).
   */
  constructor(
    readonly name: string,
    env: () => Record<string, string> = () => ({}),
    senders?: TestChannelSenders,
  ) {
    beforeAll(async () => {
      await ensureClientBuilt();
      const [server, browser] = await Promise.all([
        startTestServer(env(), senders ? { channelSenders: senders } : {}),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      ]);
      this.started = { server, browser };
    });
    beforeEach((context) => {
      context.onTestFailed(() => this.saveFailure(context.task.name));
    });
    afterAll(async () => {
      if (!this.started) return;
      const { server, browser } = this.started;
      this.started = null;
      await browser.close();
      await server.close();
    });
  }

  get server(): TestServer {
    if (!this.started) throw new Error('the e2e server is not running');
    return this.started.server;
  }

  /**
   * A fresh browser context (own cookies) with one page, sized like the device that person uses;
   * `position` grants location access and reports that position.
   */
  async newPage(
    label: string,
    device: keyof typeof VIEWPORTS,
    position?: { lat: number; lon: number },
  ): Promise<Page> {
    if (!this.started) throw new Error('the e2e browser is not running');
    const context = await this.started.browser.newContext({
      baseURL: this.server.url,
      viewport: VIEWPORTS[device],
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      ...(position
        ? {
            permissions: ['geolocation'],
            geolocation: { latitude: position.lat, longitude: position.lon, accuracy: 10 },
          }
        : {}),
    });
    this.contexts.push(context);
    const page = await context.newPage();
    const open: OpenPage = { label, page, problems: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') open.problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => open.problems.push(`uncaught: ${error.message}`));
    this.pages.push(open);
    return page;
  }

  /** Signs in through the login page the way a person does, and waits for their home page. */
  async login(page: Page, user: BuiltUser): Promise<void> {
    await page.goto('/');
    await page.getByTestId('login-username').fill(user.username);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
  }

  /** Keeps a picture of what a page shows at the end of a test. */
  async snapshot(page: Page, name: string): Promise<string> {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, `${this.name}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  private async saveFailure(testName: string): Promise<void> {
    const dir = mkdtempSync(path.join(os.tmpdir(), `hinan-e2e-${this.name}-`));
    const lines = [`[e2e] "${testName}" failed; screenshots in ${dir}`];
    for (const [index, open] of this.pages.entries()) {
      if (open.page.isClosed()) continue;
      const file = path.join(dir, `${index}-${open.label}.png`);
      try {
        await open.page.screenshot({ path: file, fullPage: true, timeout: 5_000 });
        lines.push(`  ${open.label}: ${file} (at ${open.page.url()})`);
      } catch (error) {
        lines.push(`  ${open.label}: no screenshot (${String(error)})`);
      }
      for (const problem of open.problems.slice(-10)) lines.push(`    ${problem}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
  }
}
