import { onNotificationClick } from './notifications';
import type { WorkerScope } from './worker-types';

/**
 * Browser tests only (`vite build --mode e2e`; production workers drop it): a test cannot tap a
 * notification (DevTools has no notificationclick), so it asks the worker to run the tap handler
 * on the notification with this tag, exactly as a tap would.
 */
export async function runTestHook(scope: WorkerScope, tag: string): Promise<void> {
  if (import.meta.env.MODE !== 'e2e') return;
  const [notification] = await scope.registration.getNotifications({ tag });
  if (notification) await onNotificationClick(scope, notification);
}
