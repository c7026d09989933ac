import type { IncomingMessage } from 'node:http';

/**
 * Which browser pages may open a socket. A browser always names the page's origin on a WebSocket
 * handshake and on cross-origin requests, and cannot lie about it; without this check any site a
 * signed-in user visits could open a socket with their cookie (cross-site WebSocket hijacking).
 * Allowed: the server's own origin (the Origin's host is the Host the browser asked for), the
 * public base URL's, and the configured extras. No Origin header: not a browser (card readers,
 * scripts), or a same-origin polling GET, which browsers send without one.
 */
export function originAllowed(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host !== '' && host === request.headers.host;
}
