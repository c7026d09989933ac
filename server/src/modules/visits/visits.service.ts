import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import { isAreaScoped, mayBeSentOnVisits, mayRecordVisitOutcome } from '../../policies/visits.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { SessionUser, UserRole } from '../auth/auth.types.js';
import { recordAccess } from '../audit/record-access.js';
import { cellDegrees } from '../hq/hq.service.js';
import { awaitPendingEntries } from '../inbox/inbox-writers.js';
import type {
  hqTaskSchema,
  myTaskSchema,
  openTasksResponse,
  unreachedHeatResponse,
  unreachedResponse,
  VisitOutcome,
} from '@contract/visits/visits.schema.js';
import { renderRouteList } from './route-list.pdf.js';
import { nearestNeighbourOrder } from './route-order.js';
import { announceTaskChanges } from './visit-closing.js';
import { listUnreached, unreachedPerCell } from './unreached.queries.js';
import {
  alertExists,
  assignTasks,
  findAssignee,
  finishTask,
  listAlertTasks,
  listAssignees,
  listMyTasks,
  lockTasks,
  openTasks,
  type HqTaskRow,
  type MyTaskRow,
} from './visits.queries.js';

export const UNREACHED_VIA = 'GET /api/alerts/:id/unreached';
export const HQ_TASKS_VIA = 'GET /api/alerts/:id/visit-tasks';
export const MY_TASKS_VIA = 'GET /api/me/visit-tasks';
export const ROUTE_VIA = 'GET /api/me/visit-tasks/route.pdf';
const VISIT_PURPOSE = 'Home visit for people a warning did not reach';

const viewerOf = (user: SessionUser) => ({ id: user.id, role: user.role, residentId: user.residentId });
const iso = (date: Date | null) => (date ? date.toISOString() : null);

const presentHqTask = (row: HqTaskRow): z.input<typeof hqTaskSchema> => ({
  id: row.id,
  alertId: row.alert_id,
  residentId: row.resident_id,
  name: row.name,
  municipalityCode: row.municipality_code,
  status: row.status,
  openedVia: row.opened_via,
  openedAt: row.opened_at.toISOString(),
  assignee: row.assignee_id
    ? { id: row.assignee_id, displayName: row.assignee_name ?? '', role: row.assignee_role ?? '' }
    : null,
  outcome: row.outcome,
  outcomeNote: row.outcome_note,
  closedAt: iso(row.closed_at),
  closedByEvent: row.closed_by_event,
});

const presentMyTask = (row: MyTaskRow): z.input<typeof myTaskSchema> => ({
  id: row.id,
  alertId: row.alert_id,
  headline: row.headline,
  status: row.status,
  name: row.name,
  address: row.address,
  needsCare: row.needs_care,
  phone: row.phone,
  home: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
  assignedAt: iso(row.assigned_at),
  outcome: row.outcome,
  outcomeNote: row.outcome_note,
  closedAt: iso(row.closed_at),
  closedByEvent: row.closed_by_event,
});

/**
 * Visits to the people a warning did not reach: HQ lists them, sees where they live as counts
 * per grid cell, opens tasks (or the escalation's last step does), and sends staff or community
 * supporters; visitors see their own tasks with only what a visit needs and record the outcome.
 * Every read of names, addresses or phones goes to the people's access logs.
 */
export class VisitService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly logger: Logger,
  ) {}

  private async requireAlert(alertId: string): Promise<void> {
    if (!(await alertExists(this.db, alertId))) throw notFound('Warning');
  }

  async unreached(
    user: SessionUser,
    alertId: string,
    query: { waitedMinutes: number; limit: number },
  ): Promise<z.input<typeof unreachedResponse>> {
    await this.requireAlert(alertId);
    await awaitPendingEntries(this.db);
    return this.db.transaction(async (tx) => {
      const { total, rows } = await listUnreached(tx, { alertId, ...query });
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: rows.map((row) => row.resident_id),
        action: 'list_unreached',
        purpose: VISIT_PURPOSE,
        via: UNREACHED_VIA,
      });
      return {
        alertId,
        total,
        people: rows.map((row) => ({
          residentId: row.resident_id,
          name: row.name,
          municipalityCode: row.municipality_code?.trim() ?? null,
          needsCare: row.needs_care,
          sentAt: row.sent_at.toISOString(),
          task:
            row.task_id && row.task_status ? { id: row.task_id, status: row.task_status as 'open' } : null,
        })),
      };
    });
  }

  /** Counts per grid cell as GeoJSON squares: no names, no home points. */
  async unreachedHeat(
    alertId: string,
    query: { cellMeters: number; waitedMinutes: number },
  ): Promise<z.input<typeof unreachedHeatResponse>> {
    await this.requireAlert(alertId);
    await awaitPendingEntries(this.db);
    const cell = cellDegrees(query.cellMeters);
    const cells = await unreachedPerCell(this.db, {
      alertId,
      waitedMinutes: query.waitedMinutes,
      cellLon: cell.lon,
      cellLat: cell.lat,
    });
    const round = (n: number) => Math.round(n * 1e6) / 1e6;
    const half = { lon: cell.lon / 2, lat: cell.lat / 2 };
    return {
      type: 'FeatureCollection',
      total: cells.reduce((sum, c) => sum + c.people, 0),
      features: cells.map(({ lon, lat, people }) => {
        const [w, e, s, n] = [lon - half.lon, lon + half.lon, lat - half.lat, lat + half.lat].map(round) as [
          number,
          number,
          number,
          number,
        ];
        return {
          type: 'Feature' as const,
          geometry: {
            type: 'Polygon' as const,
            coordinates: [
              [
                [w, s],
                [e, s],
                [e, n],
                [w, n],
                [w, s],
              ] as [number, number][],
            ],
          },
          properties: { people },
        };
      }),
    };
  }

  /** HQ opens tasks for a selection of a warning's people. */
  async openByHand(
    user: SessionUser,
    alertId: string,
    residentIds: readonly string[],
  ): Promise<z.input<typeof openTasksResponse>> {
    await this.requireAlert(alertId);
    return this.open(alertId, residentIds, 'hq', user.id);
  }

  /** The escalation's last step: the same opening, idempotent, so a job run twice opens nothing twice. */
  async openFromEscalation(alertId: string, residentIds: readonly string[]): Promise<number> {
    if (!(await alertExists(this.db, alertId))) {
      this.logger.warn({ alertId }, 'visits: escalation named a warning that no longer exists');
      return 0;
    }
    const result = await this.open(alertId, residentIds, 'escalation', null);
    return result.opened.length;
  }

  private async open(
    alertId: string,
    residentIds: readonly string[],
    via: 'hq' | 'escalation',
    by: string | null,
  ) {
    const unique = [...new Set(residentIds)];
    await awaitPendingEntries(this.db);
    const result = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const opened = await openTasks(tx, { alertId, residentIds: unique, via, openedBy: by });
      announceTaskChanges(outbox, opened.opened);
      return opened;
    });
    const notTargeted = unique.length - result.targeted;
    return {
      opened: result.opened.map((task) => task.id),
      alreadyOpen: result.targeted - result.accounted - result.opened.length,
      accountedFor: result.accounted,
      notTargeted,
    };
  }

  async assign(
    user: SessionUser,
    taskIds: readonly string[],
    assigneeId: string,
  ): Promise<{ assigned: number }> {
    const assignee = await findAssignee(this.db, assigneeId);
    if (!assignee || assignee.disabled || !mayBeSentOnVisits(assignee.role as UserRole)) {
      throw new AppError(
        400,
        'visit_assignee_invalid',
        'Visits go to active shelter staff, community supporters or HQ operators.',
      );
    }
    const unique = [...new Set(taskIds)];
    return transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const locked = await lockTasks(tx, unique, assigneeId);
      if (locked.length !== unique.length) throw notFound('Visit task');
      if (locked.some((task) => task.status !== 'open' && task.status !== 'assigned'))
        throw conflict('visit_task_closed', 'A chosen task is already closed.');
      if (isAreaScoped({ role: assignee.role as UserRole }) && locked.some((task) => !task.in_area)) {
        throw conflict('visit_outside_area', "A chosen task lies outside the supporter's area.");
      }
      const changes = await assignTasks(tx, { taskIds: unique, assigneeId, assignedBy: user.id });
      const previous = new Map(changes.map((c) => [c.id, c.previous_assignee]));
      announceTaskChanges(outbox, changes, (change) => previous.get(change.id) ?? null);
      return { assigned: changes.length };
    });
  }

  async alertTasks(user: SessionUser, alertId: string): Promise<z.input<typeof hqTaskSchema>[]> {
    await this.requireAlert(alertId);
    return this.db.transaction(async (tx) => {
      const rows = await listAlertTasks(tx, alertId, 1_000);
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: rows.map((row) => row.resident_id),
        action: 'view_visit_task',
        purpose: VISIT_PURPOSE,
        via: HQ_TASKS_VIA,
      });
      return rows.map(presentHqTask);
    });
  }

  async myTasks(user: SessionUser): Promise<z.input<typeof myTaskSchema>[]> {
    return this.db.transaction(async (tx) => {
      const rows = await listMyTasks(tx, {
        userId: user.id,
        areaScoped: isAreaScoped(user),
        openOnly: false,
      });
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: rows.map((row) => row.resident_id),
        action: 'view_visit_task',
        purpose: VISIT_PURPOSE,
        via: MY_TASKS_VIA,
      });
      return rows.map(presentMyTask);
    });
  }

  async recordOutcome(
    user: SessionUser,
    taskId: string,
    input: { outcome: VisitOutcome; note: string | null },
  ): Promise<void> {
    await this.finish(user, taskId, { status: 'done', ...input });
  }

  async cancel(user: SessionUser, taskId: string): Promise<void> {
    await this.finish(user, taskId, { status: 'cancelled', outcome: null, note: null });
  }

  private async finish(
    user: SessionUser,
    taskId: string,
    input: { status: 'done' | 'cancelled'; outcome: VisitOutcome | null; note: string | null },
  ): Promise<void> {
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const [task] = await lockTasks(tx, [taskId], user.id);
      // A task the caller may not act on looks like no task at all.
      if (!task || !mayRecordVisitOutcome(user, task)) throw notFound('Visit task');
      if (task.status !== 'open' && task.status !== 'assigned')
        throw conflict('visit_task_closed', 'This task is already closed.');
      const change = await finishTask(tx, { taskId, userId: user.id, ...input });
      if (change) announceTaskChanges(outbox, [change]);
    });
  }

  /** The visitor's open tasks as a printable route list, nearest first from `start`. */
  async routeList(user: SessionUser, start: { lat: number; lon: number } | null): Promise<Buffer> {
    const rows = await this.db.transaction(async (tx) => {
      const tasks = await listMyTasks(tx, {
        userId: user.id,
        areaScoped: isAreaScoped(user),
        openOnly: true,
      });
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: tasks.map((row) => row.resident_id),
        action: 'print_visit_route',
        purpose: VISIT_PURPOSE,
        via: ROUTE_VIA,
      });
      return tasks;
    });
    const ordered = nearestNeighbourOrder(rows, start ?? undefined);
    return renderRouteList({
      visitorName: user.displayName,
      createdAt: new Date(),
      start,
      stops: ordered.map((row) => ({
        name: row.name,
        address: row.address,
        needsCare: row.needs_care,
        phone: row.phone,
        lat: row.lat,
        lon: row.lon,
      })),
    });
  }

  async assignees() {
    const rows = await listAssignees(this.db);
    return rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      role: row.role,
      municipalityCodes: row.municipality_codes ?? [],
      hasDistrict: row.has_district,
    }));
  }
}
