import { z } from 'zod';

/** Visit tasks: HQ closes the loop for the people a warning did not reach. */

export const VISIT_STATUSES = ['open', 'assigned', 'done', 'closed_automatically', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** Why a task closed: by itself (card_tap, response, report) or by a person (staff). */
export const VISIT_CLOSING_EVENTS = ['card_tap', 'response', 'report', 'staff'] as const;
export type VisitClosingEvent = (typeof VISIT_CLOSING_EVENTS)[number];

export const VISIT_OUTCOMES = ['safe', 'needs_help', 'not_at_home'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/** The escalation's last step asks for visits on this queue (pg-boss). */
export const VISIT_TASKS_OPEN_QUEUE = 'visit-tasks.open';
export const openFromEscalationJob = z.strictObject({
  alertId: z.uuid(),
  residentIds: z.array(z.uuid()).min(1).max(10_000),
});
export type OpenFromEscalationJob = z.infer<typeof openFromEscalationJob>;

export const MAX_SELECTION = 1_000;

export const unreachedQuery = z.strictObject({
  waitedMinutes: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0)
    .meta({ description: 'Only people whose entry is at least this old (minutes since it was written)' }),
  limit: z.coerce.number().int().min(1).max(MAX_SELECTION).default(200),
});

export const unreachedPersonSchema = z.object({
  residentId: z.uuid(),
  name: z.string(),
  municipalityCode: z.string().nullable(),
  needsCare: z.boolean(),
  sentAt: z.iso.datetime(),
  task: z.object({ id: z.uuid(), status: z.enum(VISIT_STATUSES) }).nullable(),
});
export const unreachedResponse = z.object({
  alertId: z.uuid(),
  total: z.number().int().nonnegative(),
  people: z.array(unreachedPersonSchema),
});

export const unreachedHeatQuery = z.strictObject({
  cellMeters: z.coerce.number().int().min(100).max(5_000).default(500),
  waitedMinutes: unreachedQuery.shape.waitedMinutes,
});
/** A GeoJSON FeatureCollection of grid cells (polygons) with a count: no person, no home point. */
export const unreachedHeatResponse = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({
        type: z.literal('Polygon'),
        coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))),
      }),
      properties: z.object({ people: z.number().int().positive() }),
    }),
  ),
  total: z.number().int().nonnegative(),
});

export const openTasksBody = z.strictObject({
  residentIds: z.array(z.uuid()).min(1).max(MAX_SELECTION),
});
export const openTasksResponse = z.object({
  opened: z.array(z.uuid()).meta({ description: 'Ids of the tasks opened now' }),
  alreadyOpen: z.number().int().nonnegative(),
  accountedFor: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'Heard of since the warning (tap, report): no visit needed' }),
  notTargeted: z.number().int().nonnegative(),
});

export const assignBody = z.strictObject({
  taskIds: z.array(z.uuid()).min(1).max(MAX_SELECTION),
  assigneeId: z.uuid(),
});
export const assignResponse = z.object({ assigned: z.number().int().nonnegative() });

export const taskIdParams = z.strictObject({ taskId: z.uuid() });

export const outcomeBody = z.strictObject({
  outcome: z.enum(VISIT_OUTCOMES),
  note: z.string().trim().max(300).optional(),
});

/** A task as HQ sees it in a warning's list. */
export const hqTaskSchema = z.object({
  id: z.uuid(),
  alertId: z.uuid(),
  residentId: z.uuid(),
  name: z.string(),
  municipalityCode: z.string().nullable(),
  status: z.enum(VISIT_STATUSES),
  openedVia: z.enum(['escalation', 'hq']),
  openedAt: z.iso.datetime(),
  assignee: z.object({ id: z.uuid(), displayName: z.string(), role: z.string() }).nullable(),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
  closedByEvent: z.enum(VISIT_CLOSING_EVENTS).nullable(),
});
export const hqTasksResponse = z.object({ tasks: z.array(hqTaskSchema) });

/** A task as its visitor sees it: only what a visit needs. */
export const myTaskSchema = z.object({
  id: z.uuid(),
  alertId: z.uuid(),
  headline: z.string().nullable(),
  status: z.enum(VISIT_STATUSES),
  name: z.string(),
  address: z.string().nullable(),
  needsCare: z.boolean(),
  phone: z.string().nullable(),
  home: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  assignedAt: z.iso.datetime().nullable(),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  closedAt: z.iso.datetime().nullable(),
  closedByEvent: z.enum(VISIT_CLOSING_EVENTS).nullable(),
});
export const myTasksResponse = z.object({ tasks: z.array(myTaskSchema) });

export const routeQuery = z.strictObject({
  lat: z.coerce.number().min(-90).max(90).optional(),
  lon: z.coerce.number().min(-180).max(180).optional(),
});

export const assigneeSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: z.enum(['shelter_staff', 'community_supporter', 'hq_operator']),
  municipalityCodes: z.array(z.string()),
  hasDistrict: z.boolean(),
});
export const assigneesResponse = z.object({ assignees: z.array(assigneeSchema) });
