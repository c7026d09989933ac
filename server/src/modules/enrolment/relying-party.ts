import type { Request } from 'express';

/** Who the passkeys belong to: the site's host name (RP ID) and the origin pages run on. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

const RP_NAME = 'Hinan';

/**
 * The configured public address when there is one. Without it, the address the request came to:
 * a browser only hands out a passkey for the host it is on, so a passkey made through one address
 * is refused on another.
 */
export function relyingPartyFor(publicBaseUrl: string | undefined, req: Request): RelyingParty {
  const base = publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  const url = new URL(base);
  return { id: url.hostname, origin: url.origin, name: RP_NAME };
}

/** Where the portal lives: links and QR codes point here. */
export function portalBaseFor(publicBaseUrl: string | undefined, req: Request): string {
  return (publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}
