/**
 * The page's side of the service worker (client/src/sw/): registers it, follows its requests to
 * open a warning, and clears what it keeps on the device when the person signs out.
 */

/** Mirrors the worker's messages (client/src/sw/worker-types.ts; the two bundles share no code). */
type WorkerToPage = { type: 'hinan:navigate'; url: string };
const SIGN_OUT = { type: 'hinan:sign-out' } as const;
/** The worker's cache of the resident's data (client/src/sw/offline-data.ts). */
const DATA_CACHE = 'hinan-data-v1';

export function serviceWorkersAvailable(): boolean {
  return 'serviceWorker' in navigator && window.isSecureContext;
}

/** Registers /sw.js for the whole origin; the dev server has no worker, so only built apps do. */
export function registerServiceWorker(): void {
  if (!serviceWorkersAvailable() || import.meta.env.DEV) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<WorkerToPage | null>) => {
    if (event.data?.type !== 'hinan:navigate') return;
    const target = URL.parse(event.data.url);
    if (target?.origin === window.location.origin) window.location.assign(target.href);
  });
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without a worker the portal works online as before: no offline copy, no notifications.
  });
}

/** The worker's registration once it is active, or null where there is none. */
export async function activeRegistration(): Promise<ServiceWorkerRegistration | null> {
  if (!serviceWorkersAvailable()) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration?.active ? registration : null;
}

/** Deletes the resident's data the worker kept for offline use (the inbox, the family list). */
export async function clearOfflineData(): Promise<void> {
  if (!serviceWorkersAvailable()) return;
  const registration = await navigator.serviceWorker.getRegistration('/');
  registration?.active?.postMessage(SIGN_OUT);
  // Also from here: the worker may be stopped or gone, the copies must go regardless.
  if ('caches' in window) await caches.delete(DATA_CACHE);
}
