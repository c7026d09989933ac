import { z } from 'zod';

/** A shelter PC on which residents sign in with their card and PIN. */
export const kioskSchema = z.object({
  id: z.uuid(),
  shelterId: z.uuid(),
  shelterName: z.string(),
  name: z.string(),
  revoked: z.boolean(),
  createdAt: z.string(),
  keyRotatedAt: z.string(),
  lastSeenAt: z.string().nullable(),
});

export const kioskWithKey = z.object({
  kiosk: kioskSchema,
  deviceKey: z
    .string()
    .meta({ description: "Shown once. Enter it on the kiosk PC's setup screen; only its hash is kept." }),
});

export const registerKioskBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const kioskIdParams = z.strictObject({ kioskId: z.uuid() });
export const kioskShelterParams = z.strictObject({ shelterId: z.uuid() });

/** What the kiosk page shows about itself (read with its device key). */
export const kioskDeviceSchema = z.object({
  name: z.string(),
  shelterName: z.string(),
  idleSeconds: z.int().positive(),
});

/** 4 to 8 digits (ASCII); the card alone never signs anyone in. */
export const kioskPin = z
  .string()
  .regex(/^[0-9]{4,8}$/, 'a PIN is 4 to 8 digits')
  .meta({ description: '4 to 8 digits', example: '5820' });

export const kioskSignInBody = z.strictObject({
  cardUid: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f:\s-]{8,64}$/, 'a card UID is 4 to 32 hex bytes')
    .meta({ description: 'The UID/IDm the card reader gives, in hex', example: '04A1B2C3D4E5F6' }),
  pin: kioskPin,
});

export const setKioskPinBody = z.strictObject({ pin: kioskPin });
export const kioskPinStatus = z.object({ pinSet: z.boolean() });

/** Staff helping a resident at the counter: the shelter they work at (shelter staff), and that they checked who the person is. */
export const kioskHelpBody = z.strictObject({
  shelterId: z.uuid().optional(),
  identityChecked: z
    .literal(true)
    .meta({ description: "Staff confirm they checked the person's identity (card or papers)" }),
});
export const kioskHelpQuery = z.strictObject({ shelterId: z.uuid().optional() });
export const kioskResidentParams = z.strictObject({ residentId: z.uuid() });
export const kioskPersonStatus = z.object({
  pinSet: z.boolean(),
  hasAccount: z.boolean(),
  /** A card of this person is locked for kiosk use after too many wrong PINs. */
  locked: z.boolean(),
});
