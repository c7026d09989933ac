import { z } from 'zod';

/** Devices one account may keep subscribed at once; the oldest is dropped past it. */
export const MAX_PUSH_DEVICES = 10;

/** base64url without padding, of exactly `length` characters (one pattern: also for generators). */
const base64url = (length: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${length}}$`), `must be ${length} base64url characters`);

/**
 * What `PushSubscription.toJSON()` gives in a browser, plus a label the person recognises.
 * Shapes are checked here; that the key is a point on P-256 and the endpoint https (in production
 * also a public host) the server checks.
 */
export const subscribeBody = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(2048),
  keys: z.strictObject({
    // An uncompressed P-256 point is 65 bytes: 87 base64url characters without padding.
    p256dh: base64url(87),
    // The auth secret is 16 bytes: 22 characters.
    auth: base64url(22),
  }),
  deviceLabel: z.string().trim().max(100).default(''),
});
export type SubscribeInput = z.output<typeof subscribeBody>;

/** One of my devices, as my device list shows it (never the endpoint: it is a capability). */
export const pushDeviceSchema = z.object({
  id: z.uuid(),
  deviceLabel: z.string(),
  createdAt: z.string(),
  lastSuccessAt: z.string().nullable(),
  /**
   * First 22 characters of the base64url SHA-256 of the endpoint: a device compares it with its own
   * to find itself in the list, which never hands out endpoints (each is a capability).
   */
  endpointHash: z.string(),
});
export type PushDevice = z.output<typeof pushDeviceSchema>;

export const pushDeviceList = z.object({ devices: z.array(pushDeviceSchema), max: z.number().int() });

export const deviceParams = z.strictObject({ id: z.uuid() });

/** Signing out of this device: its subscription goes with the session. */
export const unsubscribeBody = z.strictObject({ endpoint: z.url().max(2048) });

export const vapidKeyResponse = z.object({
  publicKey: z.string().meta({ description: 'applicationServerKey for PushManager.subscribe (base64url)' }),
});

/**
 * The service worker's word that a push message reached the device and was shown: the receipt
 * token the message carried, as it came (`<deliveryId>.<mac>`). Whether it is one the server
 * signed is for the server to say (`push_receipt_invalid`), not a shape check.
 */
export const pushReceiptBody = z.strictObject({
  receipt: z.string().max(1024),
});

/**
 * What a push message carries to the service worker: what `showNotification` needs and the
 * receipt token to report it shown with. No personal data: the text is the warning's headline and
 * a fixed line (the person reads the rest signed in); the token names only the delivery.
 */
export const pushPayloadSchema = z.strictObject({
  title: z.string(),
  body: z.string(),
  url: z.string(),
  tag: z.string().nullable(),
  receipt: z.string(),
});
export type PushPayload = z.output<typeof pushPayloadSchema>;
