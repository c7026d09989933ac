/** Passkey ceremonies as @simplewebauthn/browser sends them, and an account's passkeys. */
import { z } from 'zod';

const base64url = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, 'base64url')
  .max(16_384);
const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8);
const attachment = z.enum(['platform', 'cross-platform']).optional();
const extensionResults = z.record(z.string(), z.unknown());

/** What `startRegistration()` of @simplewebauthn/browser sends: a new passkey. */
export const registrationResponse = z.object({
  id: base64url.max(1400),
  rawId: base64url.max(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: transports.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

/** What `startAuthentication()` sends: a signature by a passkey. */
export const authenticationResponse = z.object({
  id: base64url.max(1400),
  rawId: base64url.max(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

/** Options for `startRegistration()` / `startAuthentication()`, passed through as the library made them. */
export const ceremonyOptions = z.record(z.string(), z.unknown());

export const passkeySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  backedUp: z.boolean(),
});
