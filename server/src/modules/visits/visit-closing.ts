import type { Queryable } from '../../db/database.js';
import { rooms } from '../../realtime/events.js';
import type { Outbox } from '../../realtime/publisher.js';
import type { VisitClosingEvent } from '@contract/visits/visits.schema.js';
import { closeTasksOf, type TaskChange } from './visits.queries.js';

/**
 * Tells HQ and each task's assignee (their own sockets) that tasks changed; `alsoTell` adds
 * users who must hear it too (the previous assignee of a reassigned task). Ids and states only.
 */
export function announceTaskChanges(
  outbox: Outbox,
  changes: readonly TaskChange[],
  alsoTell: (change: TaskChange) => string | null = () => null,
): void {
  const at = new Date().toISOString();
  for (const change of changes) {
    const event = {
      taskId: change.id,
      alertId: change.alert_id,
      status: change.status,
      assignedTo: change.assigned_to,
      closedByEvent: change.closed_by_event,
      at,
    };
    const to: string[] = [rooms.hq];
    if (change.assigned_to) to.push(rooms.user(change.assigned_to));
    const other = alsoTell(change);
    if (other && other !== change.assigned_to) to.push(rooms.user(other));
    outbox.add(to, 'visit:task', event);
  }
}

/**
 * A sign of life closes the person's open visit tasks by itself: a card tap at a shelter, a report
 * of their whereabouts, or their answer to the warning (then only that warning chain's tasks).
 * Runs inside the caller's transaction; the events leave with its outbox after the commit.
 */
export async function closeVisitTasks(
  tx: Queryable,
  outbox: Outbox,
  input: { residentIds: readonly string[]; event: Exclude<VisitClosingEvent, 'staff'>; lineageOf?: string },
): Promise<number> {
  if (input.residentIds.length === 0) return 0;
  const closed = await closeTasksOf(tx, input);
  announceTaskChanges(outbox, closed);
  return closed.length;
}
