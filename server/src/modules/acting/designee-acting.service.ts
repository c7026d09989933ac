import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { assertMayActAsDesignee, type ResidentUser } from '../../policies/index.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import { awaitPendingEntries } from '../inbox/inbox-writers.js';
import { listInbox, type InboxRow } from '../inbox/inbox.queries.js';
import type { Applicant } from '../relief/relief.service.js';
import { findGrant, listActingFor, lockOwnDesignation, setActForMe } from './designee-grants.queries.js';

/** The purpose of a designee's acts in the person's access log: the permission they gave. */
export const DESIGNEE_REASON = 'act for me (designee)';
export const DESIGNEE_VIA = {
  grant: 'PUT /api/me/designees/:designationId/act-for-me',
  notices: 'GET /api/me/acting-for/:residentId/notices',
} as const;

/**
 * "Act for me": a person lets one of their accepted designees read their notices and apply for
 * them. The person turns it on and off; it ends with the designation. Every act of the designee
 * goes to the person's access log.
 */
export class DesigneeActingService {
  constructor(private readonly db: Database) {}

  async setActForMe(
    { user, residentId }: ResidentUser,
    designationId: string,
    allowed: boolean,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const row = await lockOwnDesignation(tx, designationId, residentId);
      if (!row || row.status !== 'accepted' || !row.designee_resident_id) throw notFound('Designation');
      if (row.act_for_me === allowed) return;
      await setActForMe(tx, row.id, allowed);
      // The person's own decision, in their own log: it explains the designee's entries that follow.
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [residentId],
        action: allowed ? 'act_for_me_allowed' : 'act_for_me_withdrawn',
        via: DESIGNEE_VIA.grant,
        includeOwn: true,
      });
    });
  }

  async actingFor({ residentId }: ResidentUser) {
    return listActingFor(this.db, residentId);
  }

  /** The person a designee acts for, as the relief service's applicant; refused without the permission. */
  async applicant(user: SessionUser, subjectId: string, via: string): Promise<Applicant> {
    await this.assertAllowed(user, subjectId);
    return {
      actor: user,
      residentId: subjectId,
      onBehalf: { kind: 'designee', actingSessionId: null, reason: DESIGNEE_REASON, via },
    };
  }

  /** The person's notices and warnings in their inbox (applications have their own route). */
  async notices(
    user: SessionUser,
    subjectId: string,
    after: number,
    limit: number,
  ): Promise<{ rows: InboxRow[]; last: number | null }> {
    await this.assertAllowed(user, subjectId);
    await awaitPendingEntries(this.db);
    return this.db.transaction(async (tx) => {
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [subjectId],
        action: 'acting_notices_read',
        purpose: DESIGNEE_REASON,
        via: DESIGNEE_VIA.notices,
      });
      const rows = await listInbox(tx, subjectId, after, limit);
      return {
        rows: rows.filter((row) => row.kind === 'notice' || row.kind === 'alert'),
        // Paging goes on after what was skipped too (applications and account entries).
        last: rows.at(-1)?.position ?? null,
      };
    });
  }

  private async assertAllowed(user: SessionUser, subjectId: string): Promise<void> {
    const grant = user.residentId ? await findGrant(this.db, subjectId, user.residentId) : undefined;
    assertMayActAsDesignee(user, grant);
  }
}
