import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { forbidden, notFound, unauthorized } from '../../http/errors.js';
import { NOT_A_RESIDENT, type ResidentUser } from '../../policies/index.js';
import { hashSessionId } from '../auth/auth.service.js';
import type { SessionUser } from '../auth/auth.types.js';
import { recordAccess } from '../audit/record-access.js';
import { GroupCommitQueue, type GroupCommitOptions } from '../checkins/group-commit.js';
import { listWhereaboutsHistory } from '../whereabouts/whereabouts.history.js';
import type { FamilyRooms } from './family.socket.js';
import { presentHistory, presentMember } from './family.presenters.js';
import {
  readPrivacy,
  updatePrivacy,
  visibleMembers,
  visibleMembersLoggedBySession,
  type SessionLookupAnswer,
} from './family.queries.js';
import type {
  familyMemberDetail,
  familyResponse,
  privacySettings,
  Visibility,
} from '@contract/family/family.schema.js';

export const FAMILY_VIA = 'GET /api/me/family';
export const FAMILY_MEMBER_VIA = 'GET /api/me/family/:residentId';
const MEMBER_HISTORY = 20;

/** The same answer for "does not exist" and "exists but you may not see them". */
export const personNotFound = () => notFound('Person');

const viewerOf = (user: SessionUser) => ({ id: user.id, role: user.role, residentId: user.residentId });

/**
 * One group in flight: lookups arriving meanwhile wait for it and go together in the next, so
 * the busier the server, the more lookups share a statement and a commit.
 */
const DEFAULT_LIST_GROUPS: GroupCommitOptions = { maxConcurrentGroups: 1, maxItemsPerGroup: 64 };

export interface FamilyServiceOptions {
  /** Same as the session middleware's: a session idle this long is over. */
  sessionIdleMinutes: number;
  listGroups?: GroupCommitOptions;
}

export class FamilyService {
  private readonly lists: GroupCommitQueue<string, SessionLookupAnswer>;

  constructor(
    private readonly db: Database,
    private readonly rooms: FamilyRooms,
    options: FamilyServiceOptions,
  ) {
    this.lists = new GroupCommitQueue(
      (idHashes) =>
        visibleMembersLoggedBySession(this.db, idHashes, options.sessionIdleMinutes, {
          action: 'view_whereabouts',
          via: FAMILY_VIA,
        }),
      options.listGroups ?? DEFAULT_LIST_GROUPS,
    );
  }

  /**
   * Me and everyone I may see, with current whereabouts: the portal's most frequent request, so
   * the session (the cookie's raw id) is resolved by the same statement that reads the family and
   * writes its access-log rows. Lookups that arrive while earlier ones are in flight are answered
   * together by one such statement (group commit); each answer is given only after that commit.
   * A failing group is retried lookup by lookup, so a bad lookup fails only itself.
   */
  async listForSession(sessionId: string | undefined): Promise<z.input<typeof familyResponse>> {
    if (!sessionId || sessionId.length > 128) throw unauthorized();
    const [answer] = await this.lists.submit([hashSessionId(sessionId)]);
    if (!answer?.viewer) throw unauthorized();
    if (!answer.viewer.residentId) throw forbidden(NOT_A_RESIDENT.person);
    const rows = answer.members;
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
      return { ...presentMember(row), history: history.map((entry) => presentHistory(entry, 'resident')) };
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
