import type { WorkerScope, WorkerToPage } from './worker-types';

/** What a push message carries (contract/push/push.schema.ts `pushPayloadSchema`). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  tag: string | null;
  /** The server's signed token for this delivery, sent back once the notification is shown. */
  receipt: string;
}

/** Data kept on the shown notification for the tap. */
interface NotificationData {
  url: string;
}

const ICON = '/icons/icon-192.png';
/** Shown if a message cannot be read: a push must always show something (userVisibleOnly). */
const FALLBACK_TITLE = 'ひなん / Hinan';
const FALLBACK_BODY = 'ポータルを開いて確認してください。Open the portal to read it.';

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The message as the server sent it, checked by hand: the worker shares no code with the app's
 * bundle (a shared chunk would make it a module script), so no zod here.
 */
export function parsePayload(text: string | undefined): PushPayload | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const { title, body, url, tag, receipt } = value;
    if (!isString(title) || !isString(body) || !isString(url) || !isString(receipt)) return null;
    if (tag !== null && !isString(tag)) return null;
    return { title, body, url, tag, receipt };
  } catch {
    return null;
  }
}

/** Only links into this portal are opened; anything else opens the portal's home. */
function portalUrl(scope: WorkerScope, url: unknown): string {
  const home = new URL('/#/resident', scope.location.origin).href;
  if (!isString(url)) return home;
  const parsed = URL.parse(url);
  return parsed && parsed.origin === scope.location.origin ? parsed.href : home;
}

/**
 * Tells the server the message reached the device. No cookie (the person is usually signed out
 * by the time a warning comes): the token the server signed for this delivery is the proof.
 */
async function reportReceipt(receipt: string): Promise<void> {
  try {
    await fetch('/api/push/receipts', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ receipt }),
    });
  } catch {
    // Offline right now: the notification is shown all the same; escalation goes on as if unseen.
  }
}

export async function onPush(scope: WorkerScope, text: string | undefined): Promise<void> {
  const payload = parsePayload(text);
  const data: NotificationData = { url: portalUrl(scope, payload?.url) };
  await scope.registration.showNotification(payload?.title ?? FALLBACK_TITLE, {
    body: payload?.body ?? FALLBACK_BODY,
    icon: ICON,
    data,
    // One notification per warning chain: an update replaces the earlier one and alerts again.
    ...(payload?.tag ? { tag: payload.tag, renotify: true } : {}),
  });
  if (payload) await reportReceipt(payload.receipt);
}

/** Opens a new window at the URL: what a tap does when no window of the portal is open. */
export type WindowOpener = (url: string) => Promise<unknown>;

/**
 * A tap on a notification: a window of the portal already open is brought forward and sent to
 * the warning; otherwise a new one opens there.
 */
export async function onNotificationClick(
  scope: WorkerScope,
  notification: Notification,
  openWindow: WindowOpener = (url) => scope.clients.openWindow(url),
): Promise<void> {
  notification.close();
  const url = portalUrl(scope, (notification.data as Partial<NotificationData> | null)?.url);
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  // The portal is the page at `/` (it routes by hash); another document of the origin in a tab
  // (an icon, a JSON answer) is not a window that could show the warning.
  const open = windows.find((client) => {
    const url = URL.parse(client.url);
    return url?.origin === scope.location.origin && url.pathname === '/';
  });
  if (open) {
    const message: WorkerToPage = { type: 'hinan:navigate', url };
    open.postMessage(message);
    await open.focus().catch(() => undefined);
    return;
  }
  await openWindow(url);
}
