import { createECDH } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '../../http/errors.js';

/**
 * Checks what a browser handed over before the server ever sends to it. Push services speak
 * https only (RFC 8030 requires it). The endpoint is a URL this server will POST to on its own,
 * so in production it must also name a public host (never an address or a local name: no sending
 * into the server's own network); elsewhere a local push service on 127.0.0.1 is fine.
 */
export function checkEndpoint(endpoint: string, production: boolean): void {
  const url = URL.parse(endpoint);
  if (!url || url.protocol !== 'https:' || url.username || url.password) {
    throw new AppError(400, 'push_endpoint_invalid', 'The push endpoint must be an https:// URL.');
  }
  if (!production) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local');
  if (isIP(host) !== 0 || local || !host.includes('.')) {
    throw new AppError(
      400,
      'push_endpoint_invalid',
      "The push endpoint must be an https:// URL of a push service's public host name.",
    );
  }
}

/** The device's key must be a point on P-256 (65 bytes, uncompressed) and the auth secret 16 bytes. */
export function checkKeys(keys: { p256dh: string; auth: string }): void {
  const point = Buffer.from(keys.p256dh, 'base64url');
  const auth = Buffer.from(keys.auth, 'base64url');
  let onCurve = point.length === 65 && point[0] === 0x04;
  if (onCurve) {
    try {
      // Throws for bytes that are not a point on the curve.
      const probe = createECDH('prime256v1');
      probe.generateKeys();
      probe.computeSecret(point);
    } catch {
      onCurve = false;
    }
  }
  if (!onCurve || auth.length !== 16) {
    throw new AppError(
      400,
      'push_keys_invalid',
      'The subscription keys are not a P-256 public key (65 bytes) and a 16-byte auth secret.',
    );
  }
}
