import type { z } from 'zod';
import type { Database, Queryable } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import type { ResidentUser } from '../../policies/index.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { SessionUser } from '../auth/auth.types.js';
import { recordAccess, type AccessAction } from '../audit/record-access.js';
import { closeVisitTasks } from '../visits/visit-closing.js';
import { lockResident } from '../whereabouts/whereabouts.queries.js';
import { recordWhereabouts } from '../whereabouts/whereabouts.service.js';
import type { ReportSource, WhereaboutsReport } from '@contract/whereabouts/whereabouts.types.js';
import { personNotFound, viewerOf } from './family.service.js';
import { presentWhereabouts } from './family.presenters.js';
import { visibleMembers } from './family.queries.js';
import type { ReportInput, reportResult, SelfReportInput } from '@contract/family/family.schema.js';
import { findCurrentPlace, findShelterStatus, upsertSharedLocation } from './reports.queries.js';

/** A shared position is kept this long: enough to send help, not a movement history. */
export const LOCATION_KEEP_MINUTES = 120;
export const FAMILY_REPORT_VIA = 'POST /api/me/family/:residentId/report';
export const STAFF_REPORT_VIA = 'POST /api/people/:residentId/report';

type Result = z.input<typeof reportResult>;

/** Turns a partial report into a full state change: what is not said stays as it is. */
async function resolveReport(tx: Queryable, residentId: string, input: ReportInput) {
  if (input.safety === undefined && input.place === undefined && input.note === undefined) {
    throw badRequest(
      'empty_report',
      'Say at least how you are (safety), where you are (place), or add a note.',
    );
  }
  const current = await findCurrentPlace(tx, residentId);
  const place = input.place ?? current?.place ?? 'unknown';
  const keepsPlace = input.place === undefined;
  if (input.shelterId && place !== 'shelter')
    throw badRequest('shelter_without_place', 'shelterId goes with place "shelter".');
  if (input.municipalityCode && place !== 'evacuated_outside') {
    throw badRequest('municipality_without_place', 'municipalityCode goes with place "evacuated_outside".');
  }
  let shelterId: string | null = null;
  if (place === 'shelter') {
    shelterId = input.shelterId ?? (keepsPlace ? (current?.shelter_id ?? null) : null);
    if (!shelterId) throw badRequest('shelter_required', 'Say which shelter (shelterId).');
    const status = await findShelterStatus(tx, shelterId);
    if (!status) throw notFound('Shelter');
    if (status === 'closed' && shelterId !== current?.shelter_id)
      throw conflict('shelter_closed', 'This shelter is closed.');
  }
  const municipalityCode =
    place === 'evacuated_outside'
      ? (input.municipalityCode ?? (keepsPlace ? current?.municipality_code?.trim() : null) ?? null)
      : null;
  return {
    place,
    shelterId,
    stayType: place === 'shelter' ? (input.stayType ?? null) : null,
    municipalityCode,
    ...(input.safety === undefined ? {} : { safety: input.safety }),
    note: input.note ?? null,
  } satisfies Partial<WhereaboutsReport>;
}

export class ReportService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
  ) {}

  /**
   * `authorize` runs first, so a caller who may not touch the person learns nothing from
   * validation errors; `after` adds what the kind of report needs, in the same transaction.
   */
  private async record(
    subjectId: string,
    user: SessionUser,
    source: ReportSource,
    input: ReportInput,
    steps: { authorize?: (tx: Queryable) => Promise<void>; after?: (tx: Queryable) => Promise<Date | null> },
  ): Promise<Result> {
    const result = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      await steps.authorize?.(tx);
      if (!(await lockResident(tx, subjectId))) throw personNotFound();
      const report = await resolveReport(tx, subjectId, input);
      const recorded = await recordWhereabouts(tx, outbox, {
        residentId: subjectId,
        ...report,
        source,
        reportedBy: user.id,
        occurredAt: new Date(),
      });
      // Someone heard from or about the person: nobody needs to go round any more.
      await closeVisitTasks(tx, outbox, { residentIds: [subjectId], event: 'report' });
      const locationKeptUntil = (await steps.after?.(tx)) ?? null;
      const [now] = await visibleMembers(tx, subjectId, subjectId);
      return {
        applied: recorded.applied,
        whereabouts: now ? presentWhereabouts(now, source === 'staff' ? 'staff' : 'resident') : null,
        locationKeptUntil: locationKeptUntil?.toISOString() ?? null,
      };
    });
    return result;
  }

  /** "I'm safe / I need help / I am at …", optionally with a position the person agrees to share. */
  async selfReport({ user, residentId }: ResidentUser, input: SelfReportInput): Promise<Result> {
    const { location, shareLocation, ...report } = input;
    if (location && shareLocation !== true) {
      throw badRequest('location_consent_required', 'A position is kept only with shareLocation: true.');
    }
    return this.record(residentId, user, 'self_report', report, {
      after: async (tx) =>
        location
          ? upsertSharedLocation(tx, {
              residentId,
              lat: location.lat,
              lon: location.lon,
              accuracy: location.accuracy ?? null,
              keepMinutes: LOCATION_KEEP_MINUTES,
            })
          : null,
    });
  }

  /** A family member reports for someone they may see. */
  async familyReport(
    { user, residentId }: ResidentUser,
    subjectId: string,
    input: ReportInput,
  ): Promise<Result> {
    if (subjectId === residentId)
      throw badRequest('use_self_report', 'Report about yourself with POST /api/me/report.');
    return this.record(subjectId, user, 'family', input, {
      authorize: async (tx) => {
        const [visible] = await visibleMembers(tx, residentId, subjectId);
        if (!visible) throw personNotFound();
      },
      after: async (tx) => {
        await recordAccess(tx, {
          viewer: viewerOf(user),
          subjectResidentIds: [subjectId],
          action: 'report_whereabouts',
          via: FAMILY_REPORT_VIA,
        });
        return null;
      },
    });
  }

  /**
   * Staff or HQ report on someone's behalf; the purpose goes to the person's access log (as
   * `acting_safety_reported` when reported in an acting session, 代理).
   */
  async staffReport(
    user: SessionUser,
    subjectId: string,
    input: ReportInput & { purpose: string },
    log: { action: AccessAction; via: string } = { action: 'report_whereabouts', via: STAFF_REPORT_VIA },
  ): Promise<Result> {
    const { purpose, ...report } = input;
    return this.record(subjectId, user, 'staff', report, {
      after: async (tx) => {
        await recordAccess(tx, {
          viewer: viewerOf(user),
          subjectResidentIds: [subjectId],
          action: log.action,
          purpose,
          via: log.via,
        });
        return null;
      },
    });
  }
}
