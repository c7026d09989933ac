import { onNotificationClick } from './notifications';
import type { WindowClient, WorkerScope } from './worker-types';

/**
 * Browser tests only (`vite build --mode e2e`; production workers drop it): a test cannot tap a
 * notification (DevTools has no notificationclick), so it asks the worker to run the tap handler
 * on the notification with this tag. Chromium lets only a real tap open a window, so where the
 * handler would open one, the page that asked is sent to that URL instead; everything else (which
 * notification, closing it, the URL it leads to, an open portal window first) is the real handler.
 */
export async function runTestHook(
  scope: WorkerScope,
  tag: string,
  asker: WindowClient | null,
): Promise<void> {
  if (import.meta.env.MODE !== 'e2e' || !asker) return;
  const [notification] = await scope.registration.getNotifications({ tag });
  if (notification) await onNotificationClick(scope, notification, (url) => asker.navigate(url));
}
