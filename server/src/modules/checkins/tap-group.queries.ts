import type { Queryable } from '../../db/database.js';
import { toOccupancy, type OccupancyRow } from '../whereabouts/whereabouts.queries.js';
import type { Safety, ShelterOccupancy, StayType } from '@contract/whereabouts/whereabouts.types.js';
import type { TapResult } from '@contract/checkins/reader.protocol.js';

/** One whereabouts history row written by a card tap. */
export interface TapWhereaboutsEvent {
  residentId: string;
  place: 'shelter' | 'unknown';
  shelterId: string | null;
  stayType: StayType | null;
  safety: Safety | null;
  tapEventId: string;
  occurredAt: Date;
  late: boolean;
  /** The person's newest applied change in the group: it becomes their current state. */
  becomesCurrent: boolean;
}

export interface OccupancyDelta {
  shelterId: string;
  day: number;
  overnight: number;
}

export interface SettledTap {
  eventId: string;
  outcome: TapResult['outcome'];
  errorId: string | null;
  residentId: string | null;
  /** The reader's shelter. */
  shelterId: string;
  /** What later taps of the group added to that shelter: its count after this tap is final − this. */
  laterAtShelter: number;
  /** The count the tap read, kept when the group did not touch the shelter. */
  occupancyRead: number | null;
}

/**
 * Everything a group of taps writes, in one statement:
 * - appends the history rows (in order) and moves the current state of every person whose newest
 *   row is marked `becomesCurrent` (as `insertEventAsCurrent` does for one change);
 * - adds the summed deltas to each shelter's counters and recomputes open/full (as
 *   `adjustOccupancy` does; a closed shelter stays closed), locking the shelters in id order first;
 * - writes each claimed tap's outcome and the count after it (a HOT update: no index covers them).
 * One statement keeps the shelter locks, which every group needs, as short as possible.
 * Returns the shelters after the change.
 */
export async function writeTapGroup(
  db: Queryable,
  group: {
    events: readonly TapWhereaboutsEvent[];
    deltas: readonly OccupancyDelta[];
    taps: readonly SettledTap[];
  },
): Promise<ShelterOccupancy[]> {
  const { events, deltas, taps } = group;
  const { rows } = await db.query<OccupancyRow>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::uuid[],
                            $7::timestamptz[], $8::boolean[], $9::boolean[]) WITH ORDINALITY
         AS t(resident_id, place, shelter_id, stay_type, safety, tap_event_id, occurred_at, late, becomes_current, n)
     ), event AS (
       INSERT INTO whereabouts_events
         (resident_id, incident_id, place, shelter_id, stay_type, safety, source, tap_event_id, occurred_at, late)
       SELECT resident_id, (SELECT id FROM incidents WHERE status = 'active' ORDER BY started_at DESC LIMIT 1),
              place, shelter_id, stay_type, safety, 'card_tap', tap_event_id, occurred_at, late
         FROM input ORDER BY n
       RETURNING id, tap_event_id
     ), moved AS (
       INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, safety, source, occurred_at, event_id)
       SELECT i.resident_id, i.place, i.shelter_id, i.stay_type, i.safety, 'card_tap', i.occurred_at, event.id
         FROM input i JOIN event ON event.tap_event_id = i.tap_event_id
        WHERE i.becomes_current
       ON CONFLICT (resident_id) DO UPDATE SET
         place = EXCLUDED.place, shelter_id = EXCLUDED.shelter_id, stay_type = EXCLUDED.stay_type,
         safety = EXCLUDED.safety, source = EXCLUDED.source, occurred_at = EXCLUDED.occurred_at,
         event_id = EXCLUDED.event_id
     ), delta AS (
       SELECT * FROM unnest($10::uuid[], $11::int[], $12::int[]) AS d(id, day, overnight)
     ), locked AS MATERIALIZED (
       SELECT id FROM shelters WHERE id IN (SELECT id FROM delta) ORDER BY id FOR NO KEY UPDATE
     ), counted AS (
       UPDATE shelters s SET
          occupancy_day = s.occupancy_day + d.day,
          occupancy_overnight = s.occupancy_overnight + d.overnight,
          occupancy = s.occupancy + d.day + d.overnight,
          status = CASE
            WHEN s.status = 'closed' THEN 'closed'
            WHEN s.capacity_indoor > 0
                 AND (s.occupancy + d.day + d.overnight) * 100 >= s.capacity_indoor * s.full_threshold_percent
              THEN 'full'
            ELSE 'open' END,
          occupancy_updated_at = now()
         FROM locked JOIN delta d ON d.id = locked.id
        WHERE s.id = locked.id
        RETURNING s.id, s.occupancy, s.occupancy_day, s.occupancy_overnight, s.capacity_indoor, s.status
     ), settled AS (
       UPDATE taps t SET outcome = x.outcome, error_id = x.error_id, resident_id = x.resident_id,
              occupancy_after = COALESCE(counted.occupancy - x.later, x.occupancy_read)
         FROM unnest($13::uuid[], $14::text[], $15::text[], $16::uuid[], $17::uuid[], $18::int[], $19::int[])
                AS x(event_id, outcome, error_id, resident_id, shelter_id, later, occupancy_read)
         LEFT JOIN counted ON counted.id = x.shelter_id
        WHERE t.event_id = x.event_id
     )
     SELECT * FROM counted ORDER BY id`,
    [
      events.map((e) => e.residentId),
      events.map((e) => e.place),
      events.map((e) => e.shelterId),
      events.map((e) => e.stayType),
      events.map((e) => e.safety),
      events.map((e) => e.tapEventId),
      events.map((e) => e.occurredAt),
      events.map((e) => e.late),
      events.map((e) => e.becomesCurrent),
      deltas.map((d) => d.shelterId),
      deltas.map((d) => d.day),
      deltas.map((d) => d.overnight),
      taps.map((t) => t.eventId),
      taps.map((t) => t.outcome),
      taps.map((t) => t.errorId),
      taps.map((t) => t.residentId),
      taps.map((t) => t.shelterId),
      taps.map((t) => t.laterAtShelter),
      taps.map((t) => t.occupancyRead),
    ],
  );
  return rows.map(toOccupancy);
}
