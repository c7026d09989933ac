import { parseCapDateTime } from '@geo/src/cap/cap.datetime.js';
import { toCapXml } from '@geo/src/cap/cap.serialize.js';
import { parseReferences } from '@geo/src/cap/cap.references.js';
import type { CapAlert, CapArea, CapInfo } from '@geo/src/cap/cap.schema.js';
import { DELIVERED_STATUSES } from '@geo/src/cap/cap.types.js';
import { resolveGeocode } from '@geo/src/cap/geocodes.js';
import { areaSetOf, areaSetOfAreas, EMPTY_AREA_SET, type AreaSet } from '@geo/src/targeting/area-set.js';
import type { Database, Queryable } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import { rooms, type InboxNewEvent } from '../../realtime/events.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { Logger } from '../../logger.js';
import { mayReadCapDocument } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import { startEscalation } from '../delivery/delivery.jobs.js';
import { lockInboxWriters, writePendingEntries } from '../inbox/inbox-writers.js';
import type { JobEngine } from '../jobs/job-engine.js';
import { capError } from './alerts.errors.js';
import {
  alertExists,
  alertStats,
  countAccountsReached,
  findAlert,
  findAreas,
  listAlerts,
  findReferenced,
  insertAlert,
  insertArea,
  insertInfo,
  supersedeLineage,
  writeInboxEntries,
  type AlertRow,
  type AlertStatsRow,
  type AreaRow,
  type DeliveryGroup,
} from './alerts.queries.js';
import type { AlertStatsPublisher } from './alerts.stats.js';
import {
  countTargets,
  invalidPolygonIndexes,
  unknownMunicipalityCodes,
  type TargetCounts,
} from './targeting.queries.js';

export interface IssuedAlert {
  alert: AlertRow;
  targeted: number;
  /**
   * Entries of people with a user account (pushed to their devices now); the rest wait in inboxes.
   * Null when it could not be counted (the warning is sent all the same).
   */
  pushed: number | null;
}

/** Milliseconds spent in each named phase, in order. */
class PhaseTimer {
  readonly laps: Record<string, number> = {};
  private last = performance.now();

  lap(name: string): void {
    const now = performance.now();
    this.laps[name] = Math.round((now - this.last) * 10) / 10;
    this.last = now;
  }
}

const toDate = (text: string | undefined) => (text ? (parseCapDateTime(text) ?? null) : null);

/** The info a reader of `language` sees: same language, else Japanese, else the first. */
export function infoFor(infos: readonly CapInfo[], language: string): CapInfo | undefined {
  const base = (tag: string) => tag.toLowerCase().split('-')[0];
  return (
    infos.find((info) => base(info.language) === base(language)) ??
    infos.find((info) => base(info.language) === 'ja') ??
    infos[0]
  );
}

const duplicate = (alert: CapAlert) =>
  conflict(
    'alert_exists',
    `An alert from ${alert.sender} with identifier ${alert.identifier} already exists.`,
  );

function latestExpiry(alert: CapAlert): Date | null {
  const times = alert.info.map((info) => toDate(info.expires)?.getTime()).filter((t) => t !== undefined);
  return times.length > 0 ? new Date(Math.max(...times)) : null;
}

/**
 * Warnings: validate the areas against the database, then write the message, its infos and
 * areas and every inbox entry in one transaction; push to sockets only after commit.
 */
export class AlertService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer,
    private readonly stats: AlertStatsPublisher,
    private readonly logger: Logger,
    /** Escalation until read starts with the warning's commit (its first step is queued in it). */
    private readonly jobs: JobEngine,
  ) {}

  /** How many people an area set reaches now, by source (HQ map, before sending). */
  async preview(areas: CapArea[]): Promise<TargetCounts> {
    const resolved = areaSetOfAreas(areas.map((area, i) => ({ area, path: `area[${i}]` })));
    if ('problems' in resolved) throw capError('cap_invalid', resolved.problems);
    await this.checkAgainstDatabase(
      this.db,
      resolved.areaSet,
      areas.map((area, i) => ({ area, path: `area[${i}]` })),
    );
    return countTargets(this.db, resolved.areaSet);
  }

  async issue(alert: CapAlert, origin: AlertRow['origin'], createdBy: string | null): Promise<IssuedAlert> {
    const phases = new PhaseTimer();
    const sent = parseCapDateTime(alert.sent)!;
    let areaSet = EMPTY_AREA_SET;
    if (alert.msgType !== 'Cancel') {
      const resolved = areaSetOf(alert);
      if ('problems' in resolved) throw capError('cap_invalid', resolved.problems);
      areaSet = resolved.areaSet;
      const labelled = alert.info.flatMap((info, i) =>
        info.area.map((area, j) => ({ area, path: `info[${i}].area[${j}]` })),
      );
      await this.checkAgainstDatabase(this.db, areaSet, labelled);
    }
    if (await alertExists(this.db, alert.sender, alert.identifier)) throw duplicate(alert);
    phases.lap('checks');

    const issued = await transactionWithEvents(
      this.db,
      this.io,
      async (tx, outbox): Promise<Omit<IssuedAlert, 'pushed'>> => {
        await lockInboxWriters(tx);
        phases.lap('lock');
        const lineage = await this.lineageOf(tx, alert);
        const row = await insertAlert(tx, {
          alert,
          sent,
          lineageId: lineage?.lineage_id ?? null,
          incidentId: await this.incidentOf(tx, alert),
          origin,
          createdBy,
          expires: latestExpiry(alert),
        });
        await this.insertContent(tx, row.id, alert);
        if (lineage) await supersedeLineage(tx, row.lineage_id, row.id, alert.msgType === 'Cancel');
        phases.lap('message');
        let targeted = 0;
        // A message that has already expired (a late import) is kept for the record, not delivered.
        const expired = row.expires !== null && row.expires.getTime() <= Date.now();
        if (DELIVERED_STATUSES.includes(alert.status) && !expired) {
          const written = await writeInboxEntries(tx, row.id, row.lineage_id, areaSet);
          phases.lap('inbox');
          targeted = written.count;
          if (targeted > 0 && alert.msgType !== 'Cancel')
            await startEscalation(this.jobs, tx, 'alert', row.id);
          if (written.last_position !== null) {
            for (const push of this.inboxPushes(alert, row.id, written.last_position, written.groups)) {
              outbox.addForResidents(push.residentIds, 'inbox:new', push.event);
            }
          }
        }
        outbox.add(rooms.hq, 'alert:issued', {
          alertId: row.id,
          lineageId: row.lineage_id,
          identifier: alert.identifier,
          msgType: alert.msgType,
          status: alert.status,
          headline: infoFor(alert.info, 'ja')?.headline ?? null,
          targeted,
        });
        return { alert: { ...row, targeted }, targeted };
      },
      // The events go out right after the commit, before the pending entries below are written.
      { committed: () => phases.lap('commit') },
    ).catch((error: unknown) => {
      // Two requests with the same identifier at once: the second loses on the unique key.
      if ((error as { code?: string }).code === '23505') throw duplicate(alert);
      throw error;
    });
    phases.lap('emit');
    // The entries are committed (as pending sets); now they become rows, while the sockets read
    // their pushes. A failure here loses nothing: the next reader or writer of the inbox retries.
    let pushed: number | null = 0;
    if (issued.targeted > 0) {
      await writePendingEntries(this.db).catch((error: unknown) => {
        this.logger.error({ err: error, alertId: issued.alert.id }, 'writing pending inbox entries failed');
      });
      phases.lap('rows');
      // Committed and pushed: a failure to count must not read as a failure to send.
      pushed = await countAccountsReached(this.db, issued.alert.id).catch((error: unknown) => {
        this.logger.error({ err: error, alertId: issued.alert.id }, 'counting reached accounts failed');
        return null;
      });
    }
    this.stats.touch(issued.alert.id);
    // Counts and durations only: where the time of a send goes, for the operator's log.
    this.logger.info(
      { alertId: issued.alert.id, targeted: issued.targeted, pushed, ms: phases.laps },
      'warning issued',
    );
    return { ...issued, pushed };
  }

  /**
   * The `inbox:new` pushes of one message: one per distinct (action, info shown), each to the
   * resident rooms of everyone in that group (a resident's account joins it; nobody else can).
   * Every person's push of a message is otherwise identical, so Socket.IO encodes each group once
   * instead of once per person; through
   * Redis each group is one PUBLISH per 50,000 rooms.
   *
   * The event names the highest inbox position this transaction reserved, not the person's own:
   * each person's entry is at or below it, and entries of later transactions are above it (inbox
   * writers are serialised, see lockInboxWriters; a read waits for entries still pending). A
   * client fetches `?after=<last position it fetched>` on a push and advances only from what it
   * fetched, so an upper bound loses nothing;
   * receipts can name the alert instead of the position (unique per person and alert).
   */
  private inboxPushes(
    alert: CapAlert,
    alertId: string,
    lastPosition: number,
    groups: DeliveryGroup[],
  ): { residentIds: string[]; event: InboxNewEvent }[] {
    const pushes = new Map<string, { residentIds: string[]; event: InboxNewEvent }>();
    for (const group of groups) {
      const info = infoFor(alert.info, group.language);
      const key = `${group.action}\u0000${info?.language ?? ''}`;
      let push = pushes.get(key);
      if (!push) {
        push = {
          residentIds: [],
          event: {
            position: lastPosition,
            kind: 'alert',
            action: group.action,
            alertId,
            msgType: alert.msgType,
            status: alert.status,
            severity: info?.severity ?? null,
            urgency: info?.urgency ?? null,
            language: info?.language ?? null,
            event: info?.event ?? null,
            headline: info?.headline ?? null,
            sent: alert.sent,
          },
        };
        pushes.set(key, push);
      }
      // A loop, not push(...ids): a city's group holds hundreds of thousands of ids.
      for (const residentId of group.resident_ids) push.residentIds.push(residentId);
    }
    return [...pushes.values()];
  }

  async get(id: string): Promise<{ alert: AlertRow; areas: AreaRow[]; stats: AlertStatsRow }> {
    const alert = await findAlert(this.db, id);
    if (!alert) throw notFound('Alert');
    return { alert, areas: await findAreas(this.db, id), stats: await alertStats(this.db, id) };
  }

  list(activeOnly: boolean, limit: number): Promise<AlertRow[]> {
    return listAlerts(this.db, { activeOnly, limit });
  }

  /**
   * The CAP document. Public, non-draft messages are public (other systems fetch them from the
   * Atom index); anything else only for HQ.
   */
  async capXml(id: string, user: SessionUser | null): Promise<string> {
    const alert = await findAlert(this.db, id);
    if (!alert) throw notFound('Alert');
    if (!mayReadCapDocument(user, alert)) throw notFound('Alert');
    return toCapXml(alert.document);
  }

  /** Geocodes must name municipalities we know; PostGIS must agree every polygon is valid. */
  private async checkAgainstDatabase(db: Queryable, set: AreaSet, areas: { area: CapArea; path: string }[]) {
    const invalid = await invalidPolygonIndexes(db, set.polygons);
    if (invalid.length > 0) {
      throw capError(
        'cap_invalid',
        invalid.map((i) => ({
          path: set.polygonPaths?.[i] ?? 'polygon',
          message: 'the polygon is not a valid simple polygon',
        })),
      );
    }
    const unknown = new Set(await unknownMunicipalityCodes(db, set.municipalityCodes));
    if (unknown.size === 0) return;
    const problems = areas.flatMap(({ area, path }) =>
      area.geocode.flatMap((geocode, k) => {
        const resolved = resolveGeocode(geocode.valueName, geocode.value);
        const missing =
          resolved.kind === 'municipalities' ? resolved.codes.filter((code) => unknown.has(code)) : [];
        return missing.length > 0
          ? [{ path: `${path}.geocode[${k}]`, message: `unknown municipality code ${missing.join(', ')}` }]
          : [];
      }),
    );
    throw capError('cap_geocode_unknown', problems);
  }

  /** The chain an Update or Cancel continues; a Cancel must reference a message we have. */
  private async lineageOf(tx: Queryable, alert: CapAlert): Promise<AlertRow | undefined> {
    if (alert.msgType === 'Alert' || !alert.references) return undefined;
    const references = parseReferences(alert.references);
    if ('error' in references)
      throw capError('cap_invalid', [{ path: 'references', message: references.error }]);
    const found = await findReferenced(tx, references);
    const latest = found[found.length - 1];
    if (!latest) {
      if (alert.msgType === 'Cancel') {
        throw capError('cap_reference_unknown', [
          { path: 'references', message: 'references no message known here; nothing to cancel' },
        ]);
      }
      // An Update of a message we never received is still a warning: it starts its own chain.
      return undefined;
    }
    if (found.some((row) => row.cancelled)) {
      throw capError(
        'alert_cancelled',
        [{ path: 'references', message: 'the referenced message was already cancelled' }],
        409,
      );
    }
    return latest;
  }

  /** CAP `incidents` may carry this system's incident id (a uuid); link it when it exists. */
  private async incidentOf(tx: Queryable, alert: CapAlert): Promise<string | null> {
    const ids = (alert.incidents ?? '')
      .split(/\s+/)
      .filter((t) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t));
    if (ids.length === 0) return null;
    const { rows } = await tx.query<{ id: string }>(
      'SELECT id FROM incidents WHERE id = ANY ($1::uuid[]) LIMIT 1',
      [ids],
    );
    return rows[0]?.id ?? null;
  }

  private async insertContent(tx: Queryable, alertId: string, alert: CapAlert): Promise<void> {
    for (const [position, info] of alert.info.entries()) {
      const infoId = await insertInfo(tx, alertId, {
        position,
        language: info.language,
        categories: info.category,
        event: info.event,
        urgency: info.urgency,
        severity: info.severity,
        certainty: info.certainty,
        headline: info.headline ?? null,
        description: info.description ?? null,
        instruction: info.instruction ?? null,
        effective: toDate(info.effective),
        onset: toDate(info.onset),
        expires: toDate(info.expires),
      });
      for (const area of info.area) {
        const resolved = areaSetOfAreas([{ area, path: '' }]);
        await insertArea(tx, alertId, infoId, {
          areaDesc: area.areaDesc,
          polygons: area.polygon,
          circles: area.circle,
          geocodes: area.geocode,
          set: 'areaSet' in resolved ? resolved.areaSet : EMPTY_AREA_SET,
        });
      }
    }
  }
}
