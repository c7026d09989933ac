import type { Queryable } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { rooms } from '../../realtime/events.js';
import { announceWhereaboutsChange } from '../../realtime/family-rooms.js';
import type { Outbox } from '../../realtime/publisher.js';
import {
  adjustOccupancy,
  findCurrent,
  insertEvent,
  insertEventAsCurrent,
  lockResident,
} from './whereabouts.queries.js';
import type {
  CurrentWhereabouts,
  ShelterOccupancy,
  WhereaboutsReport,
} from '@contract/whereabouts/whereabouts.types.js';

export interface RecordedWhereabouts {
  /** False when the report was older than the current state and only went into history. */
  applied: boolean;
  previous: CurrentWhereabouts | undefined;
  /** Every shelter whose counters changed, after the change. */
  occupancy: ShelterOccupancy[];
}

function shelterDelta(
  deltas: Map<string, [number, number]>,
  shelterId: string,
  stayType: string | null,
  by: number,
) {
  const [day, overnight] = deltas.get(shelterId) ?? [0, 0];
  deltas.set(shelterId, stayType === 'day' ? [day + by, overnight] : [day, overnight + by]);
}

/**
 * Takes the person's lock (every change to one person is serialised) and then reads their
 * current state: two statements, so the read sees whatever the previous lock holder committed.
 */
export async function lockAndReadCurrent(
  tx: Queryable,
  residentId: string,
): Promise<CurrentWhereabouts | undefined> {
  if (!(await lockResident(tx, residentId))) throw notFound('Resident');
  return findCurrent(tx, residentId);
}

/**
 * Records a change of a person's whereabouts inside the caller's transaction: appends history,
 * moves the current state, and keeps shelter counters in step. A report older than the current
 * state is kept in history only (offline readers replay late). Occupancy events go to the outbox
 * and leave only after commit.
 */
export async function recordWhereabouts(
  tx: Queryable,
  outbox: Outbox,
  report: WhereaboutsReport,
  /** The caller already holds the person's lock (lockAndReadCurrent) and read this state. */
  locked?: { previous: CurrentWhereabouts | undefined },
): Promise<RecordedWhereabouts> {
  const previous = locked ? locked.previous : await lockAndReadCurrent(tx, report.residentId);
  const late = previous !== undefined && report.occurredAt < previous.occurredAt;
  const stayType = report.place === 'shelter' ? (report.stayType ?? previous?.stayType ?? 'overnight') : null;
  const safety = report.safety === undefined ? (previous?.safety ?? null) : report.safety;
  if (late) {
    await insertEvent(tx, { ...report, late, stayType, safety });
    return { applied: false, previous, occupancy: [] };
  }

  const shelterId = report.place === 'shelter' ? (report.shelterId ?? null) : null;
  await insertEventAsCurrent(tx, { ...report, shelterId, stayType, safety });
  announceWhereaboutsChange(outbox, report.residentId, report.occurredAt);

  const deltas = new Map<string, [number, number]>();
  if (previous?.place === 'shelter' && previous.shelterId)
    shelterDelta(deltas, previous.shelterId, previous.stayType, -1);
  if (shelterId) shelterDelta(deltas, shelterId, stayType, +1);
  const occupancy: ShelterOccupancy[] = [];
  // Fixed order: two transfers in opposite directions must not deadlock on the shelter rows.
  for (const [id, [day, overnight]] of [...deltas].sort(([a], [b]) => a.localeCompare(b))) {
    if (day === 0 && overnight === 0) continue;
    const after = await adjustOccupancy(tx, id, day, overnight);
    occupancy.push(after);
    outbox.add(rooms.public, 'shelter:occupancy', {
      shelterId: after.shelterId,
      occupancy: after.occupancy,
      occupancyDay: after.occupancyDay,
      occupancyOvernight: after.occupancyOvernight,
      capacity: after.capacity,
      status: after.status,
      at: new Date().toISOString(),
    });
  }
  return { applied: true, previous, occupancy };
}
