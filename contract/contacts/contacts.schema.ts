import { z } from 'zod';
import { CONSENT_VERSION } from './consent.js';

/** Channels a resident can be reached on besides the portal and push: e-mail and SMS. */
export const CONTACT_CHANNELS = ['email', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Where an address stands. `waiting_for_code`: a code went out and can still be entered;
 * `unverified`: the code expired or was mistyped too often (ask for a new one); `verified`: usable
 * once consent is given; `gone`: the provider said the address does not exist (verify again).
 */
export const CONTACT_STATUSES = ['waiting_for_code', 'unverified', 'verified', 'gone'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const GONE_REASONS = ['mailbox_unknown', 'number_invalid', 'undeliverable'] as const;
export type GoneReason = (typeof GONE_REASONS)[number];

export const contactChannelParams = z.strictObject({ channel: z.enum(CONTACT_CHANNELS) });

/** The address as typed; the server checks it for its channel and normalises it (sms → E.164). */
export const setContactBody = z.strictObject({
  address: z.string().trim().min(1).max(320),
});

export const confirmContactBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{6}$/, 'six digits'),
});

export const contactConsentBody = z.strictObject({
  given: z.boolean(),
  /** The wording the person saw (consent.ts); required to give consent, an old one is refused. */
  version: z
    .string()
    .max(40)
    .optional()
    .meta({ description: `Current: ${CONSENT_VERSION}` }),
});

export const contactPointSchema = z.object({
  channel: z.enum(CONTACT_CHANNELS),
  /** The person's own address, shown only to them. */
  address: z.string(),
  status: z.enum(CONTACT_STATUSES),
  verifiedAt: z.iso.datetime().nullable(),
  codeExpiresAt: z.iso.datetime().nullable(),
  consent: z.object({
    given: z.boolean(),
    at: z.iso.datetime().nullable(),
    version: z.string().nullable(),
    withdrawnAt: z.iso.datetime().nullable(),
  }),
  gone: z.object({ at: z.iso.datetime(), reason: z.enum(GONE_REASONS) }).nullable(),
  /** Warnings go out here now: verified, consented, not withdrawn. */
  usable: z.boolean(),
});
export type ContactPoint = z.output<typeof contactPointSchema>;

export const contactSettingsSchema = z.object({
  /** Whether this installation sends on the channel at all (SMTP_URL, SMPP_URL configured). */
  channels: z.object({ email: z.boolean(), sms: z.boolean() }),
  consentVersion: z.string(),
  points: z.array(contactPointSchema),
});
export type ContactSettings = z.output<typeof contactSettingsSchema>;

/** The resident's notification settings in the portal: List-Unsubscribe and every code message. */
export const NOTIFICATION_SETTINGS_PATH = '/#/settings/notifications';
