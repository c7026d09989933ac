/** The reader protocol's card UID: 8–32 hex digits (an NFC UID or a FeliCa IDm). */
const CARD_UID = /^[0-9A-F]{8,32}$/;

/** Accepts what people type or paste from a reader tool: spaces, colons and dashes between bytes. */
export function normaliseCardUid(input: string): string | null {
  const compact = input.replace(/[\s:-]/g, '').toUpperCase();
  return CARD_UID.test(compact) ? compact : null;
}

type RandomFill = (bytes: Uint8Array) => Uint8Array;
const defaultFill: RandomFill = (bytes) => crypto.getRandomValues(bytes);

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** A FeliCa-sized (8-byte) UID for a card nobody has tapped before. */
export function randomCardUid(fill: RandomFill = defaultFill): string {
  return hex(fill(new Uint8Array(8))).toUpperCase();
}

/**
 * UUID v4 for a tap's eventId. `crypto.randomUUID` exists only on https or localhost, and shelter
 * tablets often reach the server by plain http on the local network, so build it from random bytes.
 */
export function uuidV4(fill: RandomFill = defaultFill): string {
  const bytes = fill(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
