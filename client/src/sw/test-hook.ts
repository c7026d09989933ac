import { onNotificationClick } from './notifications';
import type { WindowClient, WorkerScope, WorkerToPage } from './worker-types';

/**
 * Browser tests only (`vite build --mode e2e`; production workers drop it): a test cannot tap a
 * notification (DevTools has no notificationclick), so it asks the worker to run the tap handler
 * on the notification with this tag. Chromium lets only a real tap open a window from a worker
 * (`clients.openWindow` is refused here even after a click in the page), so where the handler
 * would open one, the page that asked is told to open that URL in a new window instead;
 * everything else (which notification, closing it, the URL it leads to, an open portal window
 * first) is the real handler.
 */
export async function runTestHook(
  scope: WorkerScope,
  tag: string,
  asker: WindowClient | null,
): Promise<void> {
  if (import.meta.env.MODE !== 'e2e' || !asker) return;
  const [notification] = await scope.registration.getNotifications({ tag });
  if (!notification) return;
  await onNotificationClick(scope, notification, (url) => {
    const open: WorkerToPage = { type: 'hinan:e2e-open-window', url };
    asker.postMessage(open);
    return Promise.resolve();
  });
}
