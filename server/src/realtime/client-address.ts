import type { IncomingMessage } from 'node:http';

/**
 * The client's address as Express's `req.ip` sees it with `trust proxy` set to a number of hops
 * (TRUST_PROXY): from the TCP peer back along X-Forwarded-For, believing at most that many proxies.
 * With 0 it is the peer; behind the documented nginx (1) it is the address nginx saw. Entries a
 * client wrote itself sit further back in the header than the trusted hops reach, so they are
 * never taken.
 */
export function trustedClientAddress(request: IncomingMessage, trustedHops: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .reverse();
  const chain = [peer, ...forwarded];
  return chain[Math.min(trustedHops, chain.length - 1)]!;
}
