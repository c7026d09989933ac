import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';
import { recordAccess } from '../audit/record-access.js';
import { listWhereaboutsHistory } from '../whereabouts/whereabouts.history.js';
import type { FamilyRooms } from './family.socket.js';
import { presentHistory, presentMember } from './family.presenters.js';
import { readPrivacy, updatePrivacy, visibleMembers, visibleMembersLogged } from './family.queries.js';
import type { familyMemberDetail, familyResponse, privacySettings, Visibility } from './family.schema.js';
import type { ResidentUser } from './me.js';

export const FAMILY_VIA = 'GET /api/me/family';
export const FAMILY_MEMBER_VIA = 'GET /api/me/family/:residentId';
const MEMBER_HISTORY = 20;

/** The same answer for "does not exist" and "exists but you may not see them". */
export const personNotFound = () => notFound('Person');

const viewerOf = (user: SessionUser) => ({ id: user.id, role: user.role, residentId: user.residentId });

export class FamilyService {
  constructor(
    private readonly db: Database,
    private readonly rooms: FamilyRooms,
  ) {}

  /**
   * Me and everyone I may see, with current whereabouts; every other person's row is logged by
   * the statement that reads it (the portal's most frequent request: one round trip).
   */
  async list({ user, residentId }: ResidentUser): Promise<z.input<typeof familyResponse>> {
    const rows = await visibleMembersLogged(
      this.db,
      { residentId, userId: user.id, role: user.role },
      { action: 'view_whereabouts', via: FAMILY_VIA },
    );
    const self = rows.find((row) => row.relation === 'self');
    if (!self) throw personNotFound();
    return { self: presentMember(self), members: rows.filter((row) => row !== self).map(presentMember) };
  }

  /** One person I may see, with recent history (what a client fetches on `family:update`). */
  async member(
    { user, residentId }: ResidentUser,
    subjectId: string,
  ): Promise<z.input<typeof familyMemberDetail>> {
    return this.db.transaction(async (tx) => {
      const [row] = await visibleMembers(tx, residentId, subjectId);
      if (!row) throw personNotFound();
      const history = await listWhereaboutsHistory(tx, subjectId, MEMBER_HISTORY);
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: [subjectId],
        action: 'view_whereabouts',
        via: FAMILY_MEMBER_VIA,
      });
      return { ...presentMember(row), history: history.map(presentHistory) };
    });
  }

  async privacy(residentId: string): Promise<z.input<typeof privacySettings>> {
    const row = await readPrivacy(this.db, residentId);
    if (!row) throw personNotFound();
    return {
      whereaboutsVisibility: row.whereabouts_visibility,
      discloseSafety: row.disclose_safety,
      minor: row.minor,
    };
  }

  async updatePrivacy(
    residentId: string,
    change: { whereaboutsVisibility?: Visibility | undefined; discloseSafety?: boolean | undefined },
  ): Promise<z.input<typeof privacySettings>> {
    await updatePrivacy(this.db, residentId, change);
    if (change.whereaboutsVisibility) await this.rooms.resync(residentId);
    return this.privacy(residentId);
  }
}

export { viewerOf };
