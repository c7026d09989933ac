import { z } from 'zod';
import { ROLES } from './roles.js';

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const meSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  residentId: z.uuid().nullable(),
  shelterIds: z.array(z.uuid()),
});

export const sessionResponse = z.object({ user: meSchema, csrfToken: z.string() });
