import { findSelfIntersection } from '@geo/src/targeting/rings.js';
import type { Database, Queryable } from '../../db/database.js';
import { AppError, badRequest, notFound } from '../../http/errors.js';
import { rooms } from '../../realtime/events.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { invalidPolygonIndexes, unknownMunicipalityCodes } from '../alerts/targeting.queries.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import { startEscalation } from '../delivery/delivery.jobs.js';
import { lockInboxWriters } from '../inbox/inbox-writers.js';
import type { JobEngine } from '../jobs/job-engine.js';
import type { NoticeLanguage } from '@contract/notices/notices.attributes.js';
import {
  countNoticeTargets,
  deleteNoticesEndedBefore,
  findNotice,
  insertNotice,
  listNotices,
  noticeTargetIds,
  residentsNamedIn,
  tuneForNoticeTargeting,
  writeNoticeEntries,
  type NoticeRow,
} from './notices.queries.js';
import type { ComposeNotice, NoticeTexts, Targeting } from '@contract/notices/notices.schema.js';
import { compactForNames, findPersonalData } from './personal-data.js';
import { entryEvent } from '../inbox/inbox.present.js';

export interface PersonalDataProblem {
  field: string;
  kind: string;
}

export interface NoticePreview {
  total: number;
  withAccount: number;
  personalData: PersonalDataProblem[];
}

/** Clocks differ a little; a start "now" from the browser may be a few seconds ahead. */
const START_SKEW_MS = 5 * 60_000;
const LONGEST_VALIDITY_MS = 366 * 86_400_000;
/** How long an ended notice is kept (for HQ's record of receipts) before the purge deletes it. */
export const NOTICE_RETENTION_DAYS = 30;
/**
 * A preview that filters by personal attributes and counts this few people or fewer singles them
 * out: each of them gets an access-log row, as for any other look at their data.
 */
export const SMALL_GROUP = 10;
const PREVIEW_VIA = 'POST /api/notices/preview';

/** Filters on what is personal to someone (age, household, whereabouts, damage), not only the area. */
export const usesPersonalAttributes = (targeting: Targeting) =>
  targeting.ageMin !== undefined ||
  targeting.ageMax !== undefined ||
  (targeting.householdHas?.length ?? 0) > 0 ||
  (targeting.whereabouts?.length ?? 0) > 0 ||
  (targeting.houseDamage?.length ?? 0) > 0;

type PartialTexts = Partial<Record<NoticeLanguage, { title?: string; body?: string } | undefined>>;

function textFields(texts: PartialTexts): { field: string; text: string }[] {
  return Object.entries(texts).flatMap(([language, text]) =>
    text
      ? (['title', 'body'] as const).flatMap((part) =>
          text[part] ? [{ field: `${language}.${part}`, text: text[part] }] : [],
        )
      : [],
  );
}

const personalDataError = (problems: PersonalDataProblem[]) =>
  new AppError(
    400,
    'notice_personal_data',
    'A notice goes to many people: names, addresses, birth dates, contact details and personal ' +
      'amounts belong behind the link, not in the title or body.',
    { problems },
  );

/** The text of a notice in a reader's language: English for English readers when there is one. */
export function textFor(
  texts: { language: NoticeLanguage; title: string; body: string }[],
  language: string,
): { language: NoticeLanguage; title: string; body: string } | undefined {
  const base = language.toLowerCase().split('-')[0];
  return texts.find((t) => t.language === base) ?? texts.find((t) => t.language === 'ja') ?? texts[0];
}

/**
 * Notices: check the filter against the database and the text for personal data, then write the
 * notice and every recipient's inbox entry in one transaction; push to sockets after commit.
 */
export class NoticeService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
    /** Escalation of a notice (the Notice policy) starts with its commit. */
    private readonly jobs: JobEngine,
  ) {}

  /**
   * Counts and checks a draft. Reads of personal data go to the access log of those read: the
   * residents a text names, and everyone in a small group a personal-attribute filter singles out.
   */
  async preview(
    user: SessionUser,
    targeting: Targeting,
    texts: PartialTexts | undefined,
  ): Promise<NoticePreview> {
    await this.checkTargeting(this.db, targeting);
    return this.db.transaction(async (tx) => {
      await tuneForNoticeTargeting(tx);
      const counts = await countNoticeTargets(tx, targeting);
      if (usesPersonalAttributes(targeting) && counts.total > 0 && counts.total <= SMALL_GROUP) {
        await recordAccess(tx, {
          viewer: user,
          subjectResidentIds: await noticeTargetIds(tx, targeting),
          action: 'notice_preview',
          via: PREVIEW_VIA,
        });
      }
      const { problems, named } = texts
        ? await this.personalDataIn(tx, texts, targeting)
        : { problems: [], named: [] };
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: named,
        action: 'notice_name_check',
        via: PREVIEW_VIA,
      });
      return { total: counts.total, withAccount: counts.with_account, personalData: problems };
    });
  }

  async send(
    input: ComposeNotice,
    createdBy: string,
  ): Promise<{ notice: NoticeRow; targeted: number; pushed: number }> {
    const now = Date.now();
    const startsAt = input.startsAt ? new Date(input.startsAt) : new Date(now);
    const endsAt = new Date(input.endsAt);
    if (startsAt.getTime() > now + START_SKEW_MS) {
      throw badRequest(
        'notice_start_in_future',
        'A notice is delivered when it is sent: send it on its start date.',
      );
    }
    if (endsAt.getTime() <= Math.max(now, startsAt.getTime())) {
      throw badRequest('notice_period_invalid', 'The end must be after the start and in the future.');
    }
    if (endsAt.getTime() - startsAt.getTime() > LONGEST_VALIDITY_MS) {
      throw badRequest('notice_period_invalid', 'A notice may stay up for at most a year.');
    }
    await this.checkTargeting(this.db, input.targeting);

    const result = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      await tuneForNoticeTargeting(tx);
      const { problems } = await this.personalDataIn(tx, input.texts, input.targeting);
      if (problems.length > 0) throw personalDataError(problems);
      await lockInboxWriters(tx);
      const id = await insertNotice(tx, {
        link: input.link ?? null,
        startsAt,
        endsAt,
        targeting: input.targeting,
        texts: input.texts,
        createdBy,
      });
      const { entries, targeted } = await writeNoticeEntries(tx, id, input.targeting);
      if (targeted > 0) await startEscalation(this.jobs, tx, 'notice', id);
      const texts = this.textList(input.texts);
      for (const entry of entries) {
        const text = textFor(texts, entry.language);
        outbox.add(
          rooms.user(entry.user_id),
          'inbox:new',
          entryEvent(entry.position, 'notice', {
            noticeId: id,
            language: text?.language ?? null,
            headline: text?.title ?? null,
            sent: startsAt.toISOString(),
          }),
        );
      }
      return { id, targeted, pushed: entries.length };
    });
    const notice = await findNotice(this.db, result.id);
    return { notice: notice!, targeted: result.targeted, pushed: result.pushed };
  }

  list(limit: number): Promise<NoticeRow[]> {
    return listNotices(this.db, limit);
  }

  async get(id: string): Promise<NoticeRow> {
    const notice = await findNotice(this.db, id);
    if (!notice) throw notFound('Notice');
    return notice;
  }

  private textList(texts: NoticeTexts) {
    return (Object.entries(texts) as [NoticeLanguage, { title: string; body: string } | undefined][]).flatMap(
      ([language, text]) => (text ? [{ language, ...text }] : []),
    );
  }

  /** Patterns in each field, then the full name of anyone the filter selects. */
  private async personalDataIn(
    db: Queryable,
    texts: PartialTexts,
    targeting: Targeting,
  ): Promise<{ problems: PersonalDataProblem[]; named: string[] }> {
    const fields = textFields(texts);
    const problems: PersonalDataProblem[] = fields.flatMap(({ field, text }) =>
      [...new Set(findPersonalData(text).map((f) => f.kind))].map((kind) => ({ field, kind })),
    );
    const naming = await residentsNamedIn(
      db,
      targeting,
      fields.map((f) => compactForNames(f.text)),
    );
    for (const index of [...new Set(naming.map((n) => n.index))].sort((a, b) => a - b)) {
      problems.push({ field: fields[index]!.field, kind: 'resident_name' });
    }
    return { problems, named: naming.map((n) => n.resident_id) };
  }

  private async checkTargeting(db: Queryable, targeting: Targeting): Promise<void> {
    const unknown = await unknownMunicipalityCodes(db, targeting.municipalityCodes ?? []);
    if (unknown.length > 0) {
      throw badRequest('notice_municipality_unknown', `Unknown municipality code ${unknown.join(', ')}.`, {
        codes: unknown,
      });
    }
    const polygons = targeting.polygons ?? [];
    const badRing = polygons.findIndex((ring) => {
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      return first[0] !== last[0] || first[1] !== last[1] || findSelfIntersection(ring) !== undefined;
    });
    const invalid = badRing >= 0 ? [badRing] : await invalidPolygonIndexes(db, polygons);
    if (invalid.length > 0) {
      throw badRequest(
        'notice_polygon_invalid',
        `Polygon ${invalid[0]} is not a closed simple ring of [lon, lat] points.`,
        { polygons: invalid },
      );
    }
  }
}

/**
 * Deletes notices that ended more than `olderThanDays` days ago, with their inbox entries.
 * For the scheduled-job runner; returns how many notices went.
 */
export function purgeExpiredNotices(
  db: Queryable,
  olderThanDays: number = NOTICE_RETENTION_DAYS,
): Promise<number> {
  if (!Number.isInteger(olderThanDays) || olderThanDays < 0) {
    throw new RangeError('olderThanDays must be a whole number of days, zero or more');
  }
  return deleteNoticesEndedBefore(db, olderThanDays);
}
