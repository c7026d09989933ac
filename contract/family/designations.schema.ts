import { z } from 'zod';

export const MAX_DESIGNEES = 10;
export const INVITATION_VALID_DAYS = 7;
/**
 * Invitations one person may send per day, withdrawn ones included: each answer could otherwise
 * be used, again and again, to probe names and birth dates.
 */
export const INVITATIONS_PER_DAY = 20;

const namePart = z.string().trim().min(1).max(100);

export const inviteBody = z.strictObject({
  familyName: namePart.meta({ description: 'As registered, in kanji or kana' }),
  givenName: namePart,
  birthDate: z.iso.date().meta({ description: 'YYYY-MM-DD' }),
});
export type InviteInput = z.output<typeof inviteBody>;

/**
 * As the inviter sees it. `pending` also covers invitations that matched nobody and ones the
 * other person declined: the inviter learns only of acceptance, so the registry is not probed.
 */
export const outgoingDesignation = z.object({
  id: z.uuid(),
  invited: z.object({ familyName: z.string(), givenName: z.string(), birthDate: z.string() }),
  status: z.enum(['pending', 'accepted', 'expired', 'ended']),
  designee: z
    .object({ residentId: z.uuid(), familyName: z.string(), givenName: z.string() })
    .nullable()
    .meta({ description: 'Once accepted' }),
  actForMe: z.boolean().meta({ description: 'The designee may read my notices and apply for me (代理)' }),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export const outgoingList = z.object({ designees: z.array(outgoingDesignation), max: z.number().int() });

export const incomingInvitation = z.object({
  id: z.uuid(),
  from: z.object({ residentId: z.uuid(), familyName: z.string(), givenName: z.string() }),
  status: z.enum(['pending', 'accepted']),
  actForMe: z.boolean().meta({ description: 'They allowed me to act for them' }),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export const incomingList = z.object({ invitations: z.array(incomingInvitation) });
