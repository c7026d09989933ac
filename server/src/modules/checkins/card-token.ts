import { createHmac } from 'node:crypto';

/**
 * The card token: HMAC-SHA256 of the UID/IDm under a server secret. The same card always gives
 * the same token, and the token cannot be turned back into the UID without the secret.
 * UIDs are hex; case and separators differ between readers, so they are normalised first.
 */
export function cardToken(secret: string, cardUid: string): string {
  return createHmac('sha256', secret)
    .update(cardUid.replace(/[^0-9a-f]/gi, '').toUpperCase())
    .digest('hex');
}
