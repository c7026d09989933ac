import { z } from 'zod';

export const readerMode = z.enum(['toggle', 'in', 'out']);

export const readerSchema = z.object({
  id: z.uuid(),
  shelterId: z.uuid(),
  shelterName: z.string(),
  name: z.string(),
  mode: readerMode,
  revoked: z.boolean(),
  createdAt: z.string(),
  keyRotatedAt: z.string(),
  lastSeenAt: z.string().nullable(),
});

export const readerWithKey = z.object({
  reader: readerSchema,
  deviceKey: z
    .string()
    .meta({ description: 'Shown once. Store it on the reader PC; only its hash is kept.' }),
});

export const registerReaderBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  mode: readerMode.default('toggle'),
});

export const updateReaderBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    mode: readerMode.optional(),
    shelterId: z.uuid().optional().meta({ description: 'Move the reader to another shelter' }),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one of name, mode, shelterId');

export const shelterIdParams = z.strictObject({ shelterId: z.uuid() });
export const readerIdParams = z.strictObject({ readerId: z.uuid() });
