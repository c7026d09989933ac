/**
 * The resident's own data kept on the device for when the network is gone: the session (who is
 * signed in), the inbox and the family list, as of the last time they loaded online. Network
 * first, so online nothing is ever stale; the copies are deleted at sign-out and as soon as the
 * server says the session is over.
 */
export const DATA_CACHE = 'hinan-data-v1';

/** GET routes whose last answer is kept: the session, inbox pages and entries, the family list. */
const KEPT = [/^\/api\/me$/, /^\/api\/me\/inbox(\/\d+)?$/, /^\/api\/me\/family$/];

/** How long to wait for the network before answering from the device's copy. */
const NETWORK_WAIT_MS = 5_000;

export function keepsOffline(request: Request, url: URL): boolean {
  return request.method === 'GET' && KEPT.some((pattern) => pattern.test(url.pathname));
}

export async function clearOfflineData(): Promise<void> {
  await caches.delete(DATA_CACHE);
}

function timeout(ms: number): Promise<never> {
  return new Promise((_resolve, reject) => setTimeout(() => reject(new Error('network timeout')), ms));
}

export async function networkFirst(request: Request): Promise<Response> {
  const network = fetch(request);
  try {
    const response = await Promise.race([network, timeout(NETWORK_WAIT_MS)]);
    if (response.status === 401) {
      // Signed out elsewhere or expired: nothing of that session may stay on the device.
      await clearOfflineData();
    } else if (response.ok) {
      const cache = await caches.open(DATA_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: DATA_CACHE });
    if (kept) return kept;
    throw error;
  }
}
