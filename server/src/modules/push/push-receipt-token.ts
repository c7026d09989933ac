import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receipt token a push message carries: `<deliveryId>.<mac>`, where mac is the base64url
 * HMAC-SHA256 (43 characters) of the delivery id under the installation's push receipt secret.
 * Delivery ids are sequential, so the id alone proves nothing; the mac proves the server sent this
 * message, and only the device that decrypted it (and the push service that carried it, which
 * cannot read it) has seen it. The token names the delivery and nothing about the person.
 */
const DOMAIN = 'hinan push receipt v1';
const MAC_LENGTH = 43;
/** A deliveries.id (bigint, positive), then the mac: anything else is not a token of ours. */
const TOKEN = new RegExp(`^([1-9][0-9]{0,17})\\.([A-Za-z0-9_-]{${MAC_LENGTH}})$`);

function macOf(secret: string, deliveryId: string): string {
  // The domain keeps these macs apart from any other HMAC a future use of the key might make.
  return createHmac('sha256', secret).update(`${DOMAIN}\0${deliveryId}`).digest('base64url');
}

export function signPushReceipt(secret: string, deliveryId: string): string {
  return `${deliveryId}.${macOf(secret, deliveryId)}`;
}

/**
 * The delivery id a token names, or null when it is not one this installation signed (forged,
 * altered, cut short, malformed, or signed with another key). The mac is compared in constant
 * time, as text: a variant spelling of the same bytes (base64url's unused low bits) is refused too.
 */
export function verifyPushReceipt(secret: string, token: string): string | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, deliveryId = '', mac = ''] = match;
  const expected = Buffer.from(macOf(secret, deliveryId), 'ascii');
  const given = Buffer.from(mac, 'ascii');
  return expected.length === given.length && timingSafeEqual(expected, given) ? deliveryId : null;
}
