/** Enrolment codes: issuing them (staff), claiming them (residents), and what each answers. */
import { z } from 'zod';
import { kioskPin } from '../kiosk/kiosk.schema.js';
import { sessionResponse } from '../auth/auth.schema.js';
import { ceremonyOptions, registrationResponse } from './passkey.schema.js';

const isoDate = z.iso.date();
/** What the resident typed or scanned; checked by the service so that every bad code looks alike. */
const codeInput = z.string().min(1).max(64);

export const issueBody = z.strictObject({
  residentId: z.uuid(),
  /** Where the code is handed over; shelter staff must name one of their shelters. */
  shelterId: z.uuid().optional(),
});

export const issuedCode = z.object({
  codeId: z.uuid(),
  code: z.string().meta({ description: 'Shown once: only its hash is kept' }),
  expiresAt: z.string(),
  recovery: z.boolean().meta({ description: 'The person has an account: claiming replaces its credentials' }),
  displayName: z.string(),
  portalUrl: z.string(),
  qrCode: z.string().meta({ description: 'The portal URL as a QR code, an SVG data URL' }),
});

export const codeIdParams = z.strictObject({ codeId: z.uuid() });
export const shelterQuery = z.strictObject({ shelterId: z.uuid().optional() });
export const residentParams = z.strictObject({ residentId: z.uuid() });

export const enrolmentStatus = z.object({
  enrolled: z.boolean(),
  openCode: z
    .object({ id: z.uuid(), recovery: z.boolean(), issuedAt: z.string(), expiresAt: z.string() })
    .nullable(),
});

export const startBody = z.strictObject({ code: codeInput, birthDate: isoDate });

export const startResponse = z.object({
  displayName: z.string(),
  recovery: z.boolean(),
  passkeyOptions: ceremonyOptions,
});

export const claimBody = z
  .strictObject({
    code: codeInput,
    birthDate: isoDate,
    /** Checked against the password policy by the server; room for long multi-byte passphrases. */
    password: z.string().min(1).max(512).optional(),
    passkey: registrationResponse.optional(),
    /** Optional: the PIN used with the person's card at shelter kiosks (can be set later too). */
    kioskPin: kioskPin.optional(),
  })
  .refine((body) => body.password !== undefined || body.passkey !== undefined, {
    error: 'choose a passkey, a password, or both',
    path: ['password'],
  });

export const claimResponse = sessionResponse.extend({
  recovered: z.boolean(),
  /** The sign-in id to use with the password; passkeys need none. */
  username: z.string(),
});
