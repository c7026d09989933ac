import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { assertMayActForResident, requireActingSession } from '../../policies/index.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { ReportService } from '../family/reports.service.js';
import type { Applicant } from '../relief/relief.service.js';
import type { ReportInput } from '@contract/family/family.schema.js';
import type { actingSessionSchema, ConsentKind } from '@contract/acting/acting.schema.js';
import {
  endActingSession,
  endOpenSessionsOf,
  findActingSession,
  findOpenSessionOf,
  findPersonForActing,
  insertActingSession,
  lockStaffUser,
  type ActingSessionRow,
} from './acting.queries.js';

export const ACTING_VIA = {
  start: 'POST /api/acting/sessions',
  end: 'POST /api/acting/sessions/:sessionId/end',
  report: 'POST /api/acting/sessions/:sessionId/report',
} as const;

export function presentActingSession(row: ActingSessionRow): z.input<typeof actingSessionSchema> {
  return {
    sessionId: row.id,
    residentId: row.resident_id,
    name: `${row.family_name} ${row.given_name}`,
    shelterId: row.shelter_id,
    consent: row.consent,
    reason: row.reason,
    startedAt: row.started_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
  };
}

/**
 * Staff acting for a resident who asks them (代理): a short session records who acts, for whom,
 * why and how the person consented. While it is open the staff member may report the person's
 * safety, work on their applications and record paper originals, for that person only; each act
 * goes to the person's access log with the session's reason. Starting a session ends the staff
 * member's previous one: one person at a time.
 */
export class ActingService {
  constructor(
    private readonly db: Database,
    private readonly reports: ReportService,
    private readonly minutes: number,
  ) {}

  async start(
    user: SessionUser,
    input: { residentId: string; consent: ConsentKind; reason: string },
  ): Promise<ActingSessionRow> {
    return this.db.transaction(async (tx) => {
      const person = await findPersonForActing(tx, input.residentId);
      if (!person) throw notFound('Person');
      assertMayActForResident(user, person.shelter_id);
      await lockStaffUser(tx, user.id);
      for (const ended of await endOpenSessionsOf(tx, user.id)) {
        await recordAccess(tx, {
          viewer: user,
          subjectResidentIds: [ended.resident_id],
          action: 'acting_ended',
          purpose: ended.reason,
          via: ACTING_VIA.start,
        });
      }
      const id = await insertActingSession(tx, {
        staffUserId: user.id,
        residentId: person.id,
        // Shelter staff act at the person's shelter; HQ at a counter that is no shelter.
        shelterId: user.role === 'shelter_staff' ? person.shelter_id : null,
        consent: input.consent,
        reason: input.reason,
        minutes: this.minutes,
      });
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [person.id],
        action: 'acting_started',
        purpose: input.reason,
        via: ACTING_VIA.start,
      });
      return (await findActingSession(tx, id))!;
    });
  }

  /** The staff member's open session, if any (a page reload finds it again). */
  async current(user: SessionUser): Promise<ActingSessionRow | undefined> {
    return findOpenSessionOf(this.db, user.id);
  }

  async end(user: SessionUser, sessionId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const session = requireActingSession(user, await findActingSession(tx, sessionId, { lock: true }));
      await endActingSession(tx, session.id);
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [session.resident_id],
        action: 'acting_ended',
        purpose: session.reason,
        via: ACTING_VIA.end,
      });
    });
  }

  /** The person an open session acts for, as the relief service's applicant; refused otherwise. */
  async applicant(user: SessionUser, sessionId: string, via: string): Promise<Applicant> {
    const session = requireActingSession(user, await findActingSession(this.db, sessionId));
    return {
      actor: user,
      residentId: session.resident_id,
      onBehalf: { kind: 'staff', actingSessionId: session.id, reason: session.reason, via },
    };
  }

  async report(user: SessionUser, sessionId: string, input: ReportInput) {
    const session = requireActingSession(user, await findActingSession(this.db, sessionId));
    return this.reports.staffReport(
      user,
      session.resident_id,
      { ...input, purpose: session.reason },
      { action: 'acting_safety_reported', via: ACTING_VIA.report },
    );
  }
}
