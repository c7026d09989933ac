/**
 * Web Push end to end in Chromium, with the app closed. The resident's browser installs the
 * service worker and allows notifications; a subscription of the local push service is saved
 * through the app's own API. Every page of the portal is then closed. HQ issues a warning to the
 * resident; the server's PushSender sends the warning's notification to the local push service,
 * which verifies the VAPID token, decrypts the payload and, as a push service does, delivers it to
 * the browser (DevTools' ServiceWorker.deliverPushMessage). The service worker shows the
 * notification and reports its receipt; a tap (run through the worker's tap handler: DevTools has
 * no notificationclick) opens the portal at the warning, which is then read, and HQ's read count
 * goes up. Last, the inbox and family list still show with the network gone.
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext, CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../../geo/src/cap/cap.area.js';
import { warningLink } from '../../contract/portal-links.js';
import type { OutboundMessage } from '../../server/src/modules/delivery/channel.types.js';
import { pushSenderFor } from '../../server/src/modules/push/push.module.js';
import {
  pushAddressesOf,
  pushReceiptsFor,
  recordPushOutcome,
} from '../../server/src/modules/push/push.queries.js';
import type { PushSender } from '../../server/src/modules/push/push-sender.js';
import { evacuationOrder } from '../support/cap-alerts.js';
import { buildMunicipality, buildResident, buildUser, type BuiltUser } from '../support/factories.js';
import type { HttpClient } from '../support/http-client.js';
import { LocalPushService } from '../support/push-service.js';
import { moveHome, quietPointIn } from './support/data.js';
import { E2e } from './support/harness.js';

const HEADLINE = '避難指示 発令';
const BODY = 'ポータルを開いて内容を確認し、回答してください。';

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
  const e2e = new E2e('push-notification');
  let service: LocalPushService;
  let sender: PushSender;
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
    const { body } = await hq.get('/api/push/vapid-key');
    service = await LocalPushService.start({ vapidPublicKey: (body as { publicKey: string }).publicKey });
    sender = pushSenderFor(e2e.server.config, { ca: service.ca });
  });
  afterAll(async () => {
    await sender?.close();
    await service?.close();
  });

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

    // HQ issues a warning over the resident's home.
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
    const alertId = (issued.body as { alert: { id: string } }).alert.id;

    // What escalation's first step sends for this warning, through the server's sender.
    const message: OutboundMessage = {
      deliveryId: randomUUID(),
      title: HEADLINE,
      body: BODY,
      url: warningLink(origin, alertId),
      urgency: 'high',
      tag: `alert-${alertId}`,
    };
    const addresses = await pushAddressesOf(e2e.server.db, [residentId]);
    expect(addresses.map((a) => a.endpoint)).toEqual([subscription.json.endpoint]);
    const result = await sender.send(addresses[0]!, message);
    expect(result.outcome).toBe('sent');
    await recordPushOutcome(e2e.server.db, addresses[0]!.subscriptionId, 'success');
    await until(() => Promise.resolve(relayed.length === 1));
    expect(JSON.parse(relayed[0]!)).toStrictEqual({
      title: HEADLINE,
      body: BODY,
      url: message.url,
      tag: message.tag,
      deliveryId: message.deliveryId,
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
      {
        title: HEADLINE,
        body: BODY,
        tag: message.tag,
        data: { url: message.url, deliveryId: message.deliveryId },
      },
    ]);
    // The worker told the server the message reached the device.
    await until(async () => (await pushReceiptsFor(e2e.server.db, [message.deliveryId])).size === 1);

    // The tap: the worker's own notificationclick handler, on that notification. No portal window
    // is open, so it opens one at the warning (in this test build: the asking page goes there).
    await look.evaluate(async (tag) => {
      const registration = await navigator.serviceWorker.getRegistration('/');
      registration?.active?.postMessage({ type: 'hinan:e2e-notificationclick', tag });
    }, message.tag!);
    // The app takes the warning's link and, once the warning is open, tidies it to `#/resident`.
    await look.waitForURL(`${origin}/#/resident**`);
    await look.getByTestId('inbox-detail').waitFor();
    expect(await look.locator('[data-testid="inbox-detail"] h3').innerText()).toContain(HEADLINE);
    await e2e.snapshot(look, 'opened-from-notification');
    expect(
      await look.evaluate(async () =>
        (await navigator.serviceWorker.getRegistration('/'))!.getNotifications(),
      ),
    ).toEqual([]);

    // Opening it was reading it: HQ's count of read receipts goes up.
    const stats = await until(async () => {
      const { body } = await hq.get(`/api/alerts/${alertId}`);
      const counts = (body as { stats: { targeted: number; read: number } }).stats;
      return counts.read === 1 ? counts : undefined;
    });
    expect(stats).toMatchObject({ targeted: 1, read: 1 });
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
