/**
 * Web Push end to end in Chromium, with the app closed. The resident's browser installs the
 * service worker and allows notifications; a subscription of the local push service is saved
 * through the app's own API. Every page of the portal is then closed. HQ issues a warning through
 * the API; escalation's first step sends it with the server's own PushSender to the local push
 * service, which verifies the VAPID token, decrypts the payload and, as a push service does,
 * delivers it to the browser (DevTools' ServiceWorker.deliverPushMessage). The service worker
 * shows the notification and posts the message's signed receipt, which makes the delivery
 * delivered in HQ's reach; a tap (run through the worker's tap handler: DevTools has no
 * notificationclick) opens the warning in a new window, which reads it, and HQ's reach shows it
 * read on push. Last, the inbox and family list still show with the network gone.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReachResponse } from '../../contract/delivery/delivery.schema.js';
import { warningLink } from '../../contract/portal-links.js';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import { pushSenderFor } from '../../server/src/modules/push/push.module.js';
import { signPushReceipt } from '../../server/src/modules/push/push-receipt-token.js';
import type { PushSender } from '../../server/src/modules/push/push-sender.js';
import { resolvePushReceiptSecret } from '../../server/src/secrets.js';
import { evacuationOrder } from '../support/cap-alerts.js';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import type { HttpClient } from '../support/http-client.js';
import { LocalPushService, newVapidKeys } from '../support/push-service.js';
import { freePort } from '../support/server-nodes.js';
import { moveHome, quietPointIn } from './support/data.js';
import { E2e } from './support/harness.js';

const HEADLINE = '避難指示 発令';
/** The fixed line of a warning in Japanese (outbound-message.ts): nothing about the person. */
const BODY = 'ポータルを開いて内容を確認し、安否を回答してください。';

async function until<T>(read: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a warning pushed while the app is closed', () => {
  const vapid = newVapidKeys();
  let service: LocalPushService;
  let sender: PushSender | undefined;
  let port: number;
  // Before the server: its sender must trust the push service's certificate, and the links it
  // sends must name the address the browser opens (the worker opens links into its own origin only).
  beforeAll(async () => {
    service = await LocalPushService.start({ vapidPublicKey: vapid.VAPID_PUBLIC_KEY });
    port = await freePort();
  });
  const e2e = new E2e(
    'push-notification',
    () => ({ ...vapid, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }),
    (config) => ({ push: (sender = pushSenderFor(config, { ca: service.ca })) }),
  );
  let home: { lat: number; lon: number };
  let residentId: string;
  let residentUser: BuiltUser;
  let hq: HttpClient;
  let context: BrowserContext;
  let origin: string;

  beforeAll(async () => {
    const db = e2e.server.db;
    origin = e2e.server.url;
    const town = await buildMunicipality(db);
    const resident = await buildResident(db, { municipality: town });
    residentId = resident.id;
    home = quietPointIn(town);
    await moveHome(db, resident, home);
    residentUser = await buildUser(db, { role: 'resident', residentId });
    const hqUser = await buildUser(db, { role: 'hq_operator' });
    hq = e2e.server.client();
    await hq.login(hqUser.username, hqUser.password);
  });
  afterAll(async () => {
    await sender?.close();
    await service?.close();
  });

  async function reachOnPush(alertId: string) {
    const { status, body } = await hq.get(`/api/alerts/${alertId}/reach`);
    expect(status).toBe(200);
    const reach = body as ReachResponse;
    return { funnel: reach.funnel, push: reach.channels.find((c) => c.channel === 'push') };
  }

  /** The registration id DevTools knows the portal's worker by. */
  async function workerRegistrationId(cdp: CDPSession): Promise<string> {
    const registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
    await cdp.send('ServiceWorker.enable');
    const found = await until(() =>
      Promise.resolve(registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted)),
    );
    return found.registrationId;
  }

  it('shows the notification from the service worker alone; the tap opens the warning, read at HQ', async () => {
    const phone = await e2e.newPage('resident', 'phone', home);
    context = phone.context();
    await context.grantPermissions(['notifications'], { origin });
    await e2e.login(phone, residentUser);
    await phone.getByTestId('portal-tab-inbox').click();
    await phone.locator('[data-testid="inbox"][data-loaded="true"]').waitFor();
    // The worker is installed and active: the app shell is on the device.
    expect(await phone.evaluate(async () => Boolean((await navigator.serviceWorker.ready).active))).toBe(
      true,
    );

    // A subscription of the local push service, saved through the app's subscribe route.
    const subscription = service.subscribe();
    const saved = await phone.evaluate(async (json) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const response = await fetch('/api/me/push-devices', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ ...json, deviceLabel: 'Chromium · Linux' }),
      });
      return response.status;
    }, subscription.json);
    expect(saved).toBe(201);
    await phone.goto('/#/settings/notifications');
    await phone.getByTestId('push-device').waitFor();
    expect(await phone.getByTestId('push-device').innerText()).toContain('Chromium · Linux');
    await e2e.snapshot(phone, 'notification-settings-devices');

    // DevTools from a blank tab (no page of the portal), then the portal closes: worker only.
    const blank = await context.newPage();
    const cdp = await context.newCDPSession(blank);
    const registrationId = await workerRegistrationId(cdp);
    await phone.close();

    // The push service's delivery leg: what it accepted, verified and decrypted goes to the browser.
    const relayed: string[] = [];
    service.onPush(async (push) => {
      if (push.subscriptionId !== subscription.id) return;
      await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: push.plaintext });
      relayed.push(push.plaintext);
    });

    // HQ issues a warning over the resident's home, through the API.
    const d = 0.0004;
    const polygon = formatCapPolygon([
      [home.lon - d, home.lat - d],
      [home.lon + d, home.lat - d],
      [home.lon + d, home.lat + d],
      [home.lon - d, home.lat + d],
    ]);
    const issued = await hq.post('/api/alerts', evacuationOrder(polygon));
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ targeted: 1 });
    const { id: alertId, lineageId } = (issued.body as { alert: { id: string; lineageId: string } }).alert;

    // Escalation's first step sent it through the server's PushSender; the push service relayed it.
    await until(() => Promise.resolve(relayed.length === 1));
    const { rows } = await e2e.server.db.query<{ id: string }>(
      `SELECT id::text FROM deliveries WHERE message_id = $1 AND resident_id = $2 AND channel = 'push'`,
      [alertId, residentId],
    );
    const tag = `alert-${lineageId}`;
    expect(JSON.parse(relayed[0]!)).toStrictEqual({
      title: HEADLINE,
      body: BODY,
      url: warningLink(origin, alertId),
      tag,
      receipt: signPushReceipt(resolvePushReceiptSecret(e2e.server.config), rows[0]!.id),
    });

    // A fresh page of the origin (not the portal) asks the worker's registration what it shows.
    const look = await context.newPage();
    await look.goto('/icons/icon-192.png');
    const shown = await until(() =>
      look.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration('/');
        const notifications = (await registration?.getNotifications()) ?? [];
        return notifications.length > 0
          ? notifications.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }))
          : undefined;
      }),
    );
    expect(shown).toEqual([
      { title: HEADLINE, body: BODY, tag, data: { url: warningLink(origin, alertId) } },
    ]);

    // The worker posted the signed receipt: HQ sees the push delivered, the person reached.
    const delivered = await until(async () => {
      const reach = await reachOnPush(alertId);
      return reach.push?.delivered === 1 && reach;
    });
    expect(delivered.funnel).toMatchObject({ targeted: 1, reached: 1, read: 0 });

    // The tap: the worker's own notificationclick handler, on that notification. No portal window
    // is open, so it opens one at the warning (in this test build the page that asked opens it).
    const opened = context.waitForEvent('page');
    await look.evaluate(async (tag) => {
      navigator.serviceWorker.addEventListener(
        'message',
        (event: MessageEvent<{ type: string; url: string }>) => {
          if (event.data.type === 'hinan:e2e-open-window') window.open(event.data.url, '_blank', 'noopener');
        },
      );
      const registration = await navigator.serviceWorker.getRegistration('/');
      registration?.active?.postMessage({ type: 'hinan:e2e-notificationclick', tag });
    }, tag);
    const warning: Page = await opened;
    // The app takes the warning's link and, once the warning is open, tidies it to `#/resident`.
    await warning.waitForURL(`${origin}/#/resident**`);
    await warning.getByTestId('inbox-detail').waitFor();
    expect(await warning.locator('[data-testid="inbox-detail"] h3').innerText()).toContain(HEADLINE);
    await e2e.snapshot(warning, 'opened-from-notification');
    expect(look.url()).toBe(`${origin}/icons/icon-192.png`);
    expect(
      await look.evaluate(async () =>
        (await navigator.serviceWorker.getRegistration('/'))!.getNotifications(),
      ),
    ).toEqual([]);

    // Opening it was reading it: HQ's reach shows it read, on push.
    const read = await until(async () => {
      const reach = await reachOnPush(alertId);
      return reach.push?.read === 1 && reach;
    });
    expect(read.push).toMatchObject({ delivered: 1, read: 1 });
    expect(read.funnel).toMatchObject({ targeted: 1, reached: 1, read: 1 });
    await warning.close();
    await look.close();
    await blank.close();
  });

  it('shows the inbox and the family list from the last sync with the network gone, until sign-out', async () => {
    const page = await context.newPage();
    await page.goto('/#/resident');
    await page.getByTestId('portal-tab-family').click();
    await page.getByTestId('family-list').waitFor();
    await page.getByTestId('portal-tab-inbox').click();
    await page.locator('[data-testid="inbox"][data-loaded="true"]').waitFor();
    expect(await page.getByTestId('inbox-item').count()).toBe(1);

    await context.setOffline(true);
    try {
      expect(
        await page.evaluate(() =>
          fetch('/healthz').then(
            () => 'online',
            () => 'offline',
          ),
        ),
      ).toBe('offline');
      await page.reload();
      await page.getByTestId('portal-tab-family').click();
      await page.getByTestId('family-list').waitFor();
      expect(await page.getByTestId('family-member').count()).toBe(1);
      await page.getByTestId('portal-tab-inbox').click();
      await page.locator('[data-testid="inbox"][data-loaded="true"]').waitFor();
      expect(await page.getByTestId('inbox-item').count()).toBe(1);
      await e2e.snapshot(page, 'offline-inbox');
    } finally {
      await context.setOffline(false);
    }

    // Signing out takes the copies off the device.
    expect(await page.evaluate(() => caches.has('hinan-data-v1'))).toBe(true);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').waitFor();
    await until(async () => !(await page.evaluate(() => caches.has('hinan-data-v1'))));
  });
});
