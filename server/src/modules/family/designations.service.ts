import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import type { ResidentUser } from '../../policies/index.js';
import { rooms } from '../../realtime/events.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { lockResident } from '../whereabouts/whereabouts.queries.js';
import {
  countRecentInvitations,
  expireStaleInvitations,
  findOwnName,
  insertInvitation,
  listIncoming,
  listLiveInvitations,
  listOutgoing,
  lockDesignation,
  residentsBornOn,
  setDesignationStatus,
  type DesignationRow,
} from './designations.queries.js';
import {
  INVITATION_VALID_DAYS,
  INVITATIONS_PER_DAY,
  MAX_DESIGNEES,
  type incomingInvitation,
  type InviteInput,
  type outgoingDesignation,
} from '@contract/family/designations.schema.js';
import type { FamilyRooms } from './family.socket.js';
import { userIdsOfResident } from './family.queries.js';
import { nameMatches, normalizeName } from './name-match.js';

const invitationNotFound = () => notFound('Invitation');

/** What the inviter typed, in the form names are compared in: the same request in another width is the same. */
const typedKey = (typed: { familyName: string; givenName: string; birthDate: string }) =>
  `${normalizeName(typed.familyName + typed.givenName)}|${typed.birthDate}`;

function outgoingStatus(row: DesignationRow, now: Date): z.input<typeof outgoingDesignation>['status'] {
  if (row.status === 'accepted') return 'accepted';
  if (row.status === 'revoked') return 'ended';
  // Declined and unmatched invitations look pending until they would have expired.
  return row.expires_at > now ? 'pending' : 'expired';
}

export function presentOutgoing(row: DesignationRow, now = new Date()): z.input<typeof outgoingDesignation> {
  const status = outgoingStatus(row, now);
  return {
    id: row.id,
    invited: {
      familyName: row.invited_family_name,
      givenName: row.invited_given_name,
      birthDate: row.invited_birth_date,
    },
    status,
    designee:
      status === 'accepted' && row.designee_resident_id && row.other_family_name
        ? {
            residentId: row.designee_resident_id,
            familyName: row.other_family_name,
            givenName: row.other_given_name ?? '',
          }
        : null,
    actForMe: status === 'accepted' && row.act_for_me,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

function presentIncoming(row: DesignationRow): z.input<typeof incomingInvitation> {
  return {
    id: row.id,
    from: {
      residentId: row.subject_resident_id,
      familyName: row.other_family_name ?? '',
      givenName: row.other_given_name ?? '',
    },
    status: row.status === 'accepted' ? 'accepted' : 'pending',
    actForMe: row.status === 'accepted' && row.act_for_me,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/**
 * Designees: a person names someone (name + birth date), that person accepts, and from then on
 * may see the first person's whereabouts (if their setting allows designees). The answer to an
 * invitation never tells whether the name matched anyone: a repeated invitation is recognised by
 * what was typed, never by whom it matched, and the number sent per day is limited whatever
 * became of them, so names cannot be probed by inviting, comparing and withdrawing.
 */
export class DesignationService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly familyRooms: FamilyRooms,
  ) {}

  async invite(
    { residentId }: ResidentUser,
    input: InviteInput,
  ): Promise<z.input<typeof outgoingDesignation>> {
    const row = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      // Serialises invitations of one person, so the limit below holds under concurrent requests.
      await lockResident(tx, residentId);
      await expireStaleInvitations(tx, residentId);
      const self = await findOwnName(tx, residentId);
      if (self && self.birth_date === input.birthDate && nameMatches(input, self)) {
        throw badRequest('cannot_designate_self', 'You always see your own whereabouts; name someone else.');
      }
      const typed = { familyName: input.familyName, givenName: input.givenName, birthDate: input.birthDate };
      const live = await listLiveInvitations(tx, residentId);
      const existing = live.find(
        (row) =>
          typedKey({
            familyName: row.invited_family_name,
            givenName: row.invited_given_name,
            birthDate: row.invited_birth_date,
          }) === typedKey(typed),
      );
      if (existing) return existing;
      if (live.length >= MAX_DESIGNEES) {
        throw conflict(
          'too_many_designees',
          `At most ${MAX_DESIGNEES} designees and open invitations; end one first.`,
        );
      }
      if ((await countRecentInvitations(tx, residentId, 24)) >= INVITATIONS_PER_DAY) {
        throw new AppError(
          429,
          'too_many_invitations',
          `At most ${INVITATIONS_PER_DAY} invitations a day, withdrawn ones included; try again tomorrow.`,
        );
      }
      const matches = (await residentsBornOn(tx, input.birthDate)).filter((person) =>
        nameMatches(input, person),
      );
      const match = matches.length === 1 && matches[0]!.id !== residentId ? matches[0]!.id : null;
      // The same person named again in another writing (kanji, then kana) gets an invitation of its
      // own that reaches nobody, just as a name that matches no one does: the answer is the same.
      const designeeId = match && !live.some((row) => row.designee_resident_id === match) ? match : null;
      const created = await insertInvitation(tx, {
        subjectResidentId: residentId,
        designeeResidentId: designeeId,
        ...typed,
        validDays: INVITATION_VALID_DAYS,
      });
      if (designeeId) {
        for (const userId of await userIdsOfResident(tx, designeeId)) {
          outbox.add(rooms.user(userId), 'family:invitation', { invitationId: created.id });
        }
      }
      return created;
    });
    return presentOutgoing(row);
  }

  async outgoing({ residentId }: ResidentUser) {
    return {
      designees: (await listOutgoing(this.db, residentId)).map((row) => presentOutgoing(row)),
      max: MAX_DESIGNEES,
    };
  }

  async incoming({ residentId }: ResidentUser) {
    return { invitations: (await listIncoming(this.db, residentId)).map(presentIncoming) };
  }

  /** The invitee accepts: from now on they see the inviter (never the inviter's own designees). */
  async accept({ residentId }: ResidentUser, invitationId: string): Promise<void> {
    const subject = await this.db.transaction(async (tx) => {
      const row = await lockDesignation(tx, invitationId, { designeeResidentId: residentId });
      if (!row) throw invitationNotFound();
      if (row.status === 'accepted') return null;
      if (row.status !== 'pending')
        throw conflict('invitation_closed', 'This invitation was withdrawn or declined.');
      if (row.expires_at <= new Date()) {
        throw new AppError(410, 'invitation_expired', 'This invitation has expired; ask for a new one.');
      }
      await setDesignationStatus(tx, row.id, 'accepted');
      return row.subject_resident_id;
    });
    if (subject) await this.familyRooms.resync(subject);
  }

  /** The invitee says no to an open invitation, or stops being a designee. */
  async decline({ residentId }: ResidentUser, invitationId: string): Promise<void> {
    const ended = await this.db.transaction(async (tx) => {
      const row = await lockDesignation(tx, invitationId, { designeeResidentId: residentId });
      if (!row) throw invitationNotFound();
      if (row.status === 'pending') await setDesignationStatus(tx, row.id, 'declined');
      if (row.status === 'accepted') await setDesignationStatus(tx, row.id, 'revoked');
      return row.status === 'accepted' ? row.subject_resident_id : null;
    });
    if (ended) await this.familyRooms.resync(ended);
  }

  /** The person who named a designee withdraws the invitation or ends the grant. */
  async revoke({ residentId }: ResidentUser, designationId: string): Promise<void> {
    const wasAccepted = await this.db.transaction(async (tx) => {
      const row = await lockDesignation(tx, designationId, { subjectResidentId: residentId });
      if (!row) throw notFound('Designation');
      if (row.status === 'pending' || row.status === 'accepted')
        await setDesignationStatus(tx, row.id, 'revoked');
      return row.status === 'accepted';
    });
    if (wasAccepted) await this.familyRooms.resync(residentId);
  }
}
