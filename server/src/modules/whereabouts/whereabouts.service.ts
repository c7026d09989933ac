import type { Queryable } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { rooms } from '../../realtime/events.js';
import type { Outbox } from '../../realtime/publisher.js';
import { adjustOccupancy, findCurrent, insertEvent, lockResident, upsertCurrent } from './whereabouts.queries.js';
import type { CurrentWhereabouts, ShelterOccupancy, WhereaboutsReport } from './whereabouts.types.js';

export interface RecordedWhereabouts {
  /** False when the report was older than the current state and only went into history. */
  applied: boolean;
  previous: CurrentWhereabouts | undefined;
  /** Every shelter whose counters changed, after the change. */
  occupancy: ShelterOccupancy[];
}

function shelterDelta(deltas: Map<string, [number, number]>, shelterId: string, stayType: string | null, by: number) {
  const [day, overnight] = deltas.get(shelterId) ?? [0, 0];
  deltas.set(shelterId, stayType === 'day' ? [day + by, overnight] : [day, overnight + by]);
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
): Promise<RecordedWhereabouts> {
  if (!(await lockResident(tx, report.residentId))) throw notFound('Resident');
  const previous = await findCurrent(tx, report.residentId);
  const late = previous !== undefined && report.occurredAt < previous.occurredAt;
  const stayType = report.place === 'shelter' ? (report.stayType ?? previous?.stayType ?? 'overnight') : null;
  const safety = report.safety === undefined ? (previous?.safety ?? null) : report.safety;
  const eventId = await insertEvent(tx, { ...report, late, stayType, safety });
  if (late) return { applied: false, previous, occupancy: [] };

  const shelterId = report.place === 'shelter' ? (report.shelterId ?? null) : null;
  await upsertCurrent(tx, {
    residentId: report.residentId,
    place: report.place,
    shelterId,
    stayType,
    safety,
    source: report.source,
    occurredAt: report.occurredAt,
    eventId,
  });

  const deltas = new Map<string, [number, number]>();
  if (previous?.place === 'shelter' && previous.shelterId) shelterDelta(deltas, previous.shelterId, previous.stayType, -1);
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
