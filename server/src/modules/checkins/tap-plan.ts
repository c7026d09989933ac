import type {
  CurrentWhereabouts,
  ShelterOccupancy,
  StayType,
} from '@contract/whereabouts/whereabouts.types.js';
import type { StoredTap, TapContext } from './checkins.queries.js';
import type { OccupancyDelta, TapWhereaboutsEvent } from './tap-group.queries.js';
import { MAX_CLOCK_SKEW_MS, type TapResult, type tapSchema } from '@contract/checkins/reader.protocol.js';
import type { z } from 'zod';

/**
 * The decisions of a group of card taps committed together, without I/O: given what the
 * database said (claims, cards, shelters, the people's current state), what each tap does, in
 * arrival order, as if the taps had run one after another.
 */

export interface ReaderIdentity {
  id: string;
  shelterId: string;
  mode: 'toggle' | 'in' | 'out';
}

export type ParsedTap = z.output<typeof tapSchema>;

export interface QueuedTap {
  reader: ReaderIdentity;
  tap: ParsedTap;
  /** Server time when the tap arrived: the reference for "tap time in the future". */
  receivedAt: number;
}

const REJECTIONS = {
  shelter_closed: 'The shelter is closed; open it in the shelter console first.',
  card_revoked: 'This card has been revoked.',
  tap_time_in_future: 'The tap time is in the future; check the reader clock.',
  event_id_reused: 'This event id was already used by another reader.',
  not_checked_in: 'This person is not checked in here.',
} as const;
export type TapRejection = keyof typeof REJECTIONS;

export function rejected(
  eventId: string,
  id: TapRejection,
  occupancy: number | null,
  duplicate = false,
): TapResult {
  return { eventId, outcome: 'rejected', duplicate, occupancy, error: { id, message: REJECTIONS[id] } };
}

/** The answer to a replayed event id: the stored result, or a refusal if another reader sent it. */
export function replayResult(queued: QueuedTap, stored: StoredTap | undefined): TapResult {
  const eventId = queued.tap.eventId;
  if (!stored || stored.reader_id !== queued.reader.id)
    return rejected(eventId, 'event_id_reused', null, true);
  if (stored.outcome === 'rejected' && stored.error_id && stored.error_id in REJECTIONS) {
    return rejected(eventId, stored.error_id as TapRejection, stored.occupancy_after, true);
  }
  return { eventId, outcome: stored.outcome, duplicate: true, occupancy: stored.occupancy_after };
}

/**
 * The checks that need no person: a tap refused here (or from an unknown card) never locks
 * anyone. Otherwise returns the resident whose state the tap may change.
 */
export function precheck(queued: QueuedTap, context: TapContext): TapResult | { residentId: string } {
  const { tap } = queued;
  const occupancy = context.occupancy;
  if (new Date(tap.tappedAt).getTime() > queued.receivedAt + MAX_CLOCK_SKEW_MS)
    return rejected(tap.eventId, 'tap_time_in_future', occupancy);
  if (context.shelter_status === null || context.shelter_status === 'closed')
    return rejected(tap.eventId, 'shelter_closed', occupancy);
  if (context.resident_id === null)
    return { eventId: tap.eventId, outcome: 'unknown_card', duplicate: false, occupancy };
  if (context.revoked) return rejected(tap.eventId, 'card_revoked', occupancy);
  return { residentId: context.resident_id };
}

/** One claimed tap as decided; `occupancy` in `result` is filled in once the counters are written. */
export interface PlannedTap {
  queued: QueuedTap;
  result: TapResult;
  residentId: string | null;
  displayName: string | null;
  /** Set when the tap changed the person's current state. */
  changedAt: Date | null;
  /** What this tap added to each shelter's counters (occupancy, day + overnight). */
  deltas: Map<string, number>;
  /** What the group's later taps added at this tap's shelter. */
  laterAtShelter: number;
}

export interface TapGroupPlan {
  taps: PlannedTap[];
  events: TapWhereaboutsEvent[];
  /** Summed per shelter, sorted by shelter id; includes shelters whose sum is zero. */
  occupancyDeltas: OccupancyDelta[];
}

/**
 * Decides every claimed tap in order. `current` is the locked people's state when the group
 * started; it is advanced in memory, so a person tapping twice in one group is handled as two
 * taps in sequence.
 */
export function planTapGroup(
  claimed: readonly { queued: QueuedTap; context: TapContext }[],
  current: ReadonlyMap<string, CurrentWhereabouts>,
): TapGroupPlan {
  const state = new Map(current);
  const events: TapWhereaboutsEvent[] = [];
  const totals = new Map<string, { day: number; overnight: number }>();
  const lastApplied = new Map<string, TapWhereaboutsEvent>();
  const taps: PlannedTap[] = [];

  for (const { queued, context } of claimed) {
    const { tap, reader } = queued;
    const planned: PlannedTap = {
      queued,
      result: rejected(tap.eventId, 'shelter_closed', context.occupancy),
      residentId: null,
      displayName: null,
      changedAt: null,
      deltas: new Map(),
      laterAtShelter: 0,
    };
    taps.push(planned);
    const checked = precheck(queued, context);
    if ('eventId' in checked) {
      planned.result = checked;
      if (checked.error?.id === 'card_revoked') {
        planned.residentId = context.resident_id;
        planned.displayName = context.display_name;
      }
      continue;
    }
    const residentId = checked.residentId;
    planned.residentId = residentId;
    planned.displayName = context.display_name;
    const occupancy = context.occupancy;
    const tappedAt = new Date(tap.tappedAt);
    const direction = reader.mode === 'toggle' ? tap.direction : reader.mode;
    const previous = state.get(residentId);
    const insideHere = previous?.place === 'shelter' && previous.shelterId === reader.shelterId;
    const checkOut = direction === 'out' || (direction === 'toggle' && insideHere);
    const late = previous !== undefined && tappedAt < previous.occurredAt;
    if (checkOut && !insideHere && !late) {
      planned.result = rejected(tap.eventId, 'not_checked_in', occupancy);
      continue;
    }
    if (direction === 'in' && insideHere && !late) {
      // A second tap on an entrance reader: already inside, nothing changes.
      planned.result = { eventId: tap.eventId, outcome: 'checked_in', duplicate: false, occupancy };
      continue;
    }

    const shelterId = checkOut ? null : reader.shelterId;
    const stayType: StayType | null = shelterId ? (previous?.stayType ?? 'overnight') : null;
    const safety = previous?.safety ?? null;
    const event: TapWhereaboutsEvent = {
      residentId,
      place: shelterId ? 'shelter' : 'unknown',
      shelterId,
      stayType,
      safety,
      tapEventId: tap.eventId,
      occurredAt: tappedAt,
      late,
      becomesCurrent: false,
    };
    events.push(event);
    if (late) {
      planned.result = { eventId: tap.eventId, outcome: 'recorded_late', duplicate: false, occupancy };
      continue;
    }

    lastApplied.set(residentId, event);
    state.set(residentId, {
      place: event.place,
      shelterId,
      stayType,
      safety,
      source: 'card_tap',
      occurredAt: tappedAt,
    });
    planned.changedAt = tappedAt;
    const add = (id: string, stay: string | null, by: number) => {
      const total = totals.get(id) ?? { day: 0, overnight: 0 };
      if (stay === 'day') total.day += by;
      else total.overnight += by;
      totals.set(id, total);
      planned.deltas.set(id, (planned.deltas.get(id) ?? 0) + by);
    };
    if (previous?.place === 'shelter' && previous.shelterId) add(previous.shelterId, previous.stayType, -1);
    if (shelterId) add(shelterId, stayType, +1);
    const transferred = !checkOut && previous?.place === 'shelter' && previous.shelterId !== reader.shelterId;
    const outcome = checkOut ? 'checked_out' : transferred ? 'transferred' : 'checked_in';
    planned.result = { eventId: tap.eventId, outcome, duplicate: false, occupancy };
  }

  for (const event of lastApplied.values()) event.becomesCurrent = true;
  const later = new Map<string, number>();
  for (let i = taps.length - 1; i >= 0; i--) {
    const planned = taps[i]!;
    planned.laterAtShelter = later.get(planned.queued.reader.shelterId) ?? 0;
    for (const [shelterId, by] of planned.deltas) later.set(shelterId, (later.get(shelterId) ?? 0) + by);
  }
  const occupancyDeltas = [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([shelterId, { day, overnight }]) => ({ shelterId, day, overnight }));
  return { taps, events, occupancyDeltas };
}

/**
 * Fills in each tap's "occupancy after": the shelter's final count minus what the later taps of
 * the group added there (the same rule `writeTapGroup` stores). Taps at a shelter the group did
 * not touch keep the count they read.
 */
export function settleOccupancy(taps: readonly PlannedTap[], after: readonly ShelterOccupancy[]): void {
  const final = new Map(after.map((o) => [o.shelterId, o.occupancy]));
  for (const planned of taps) {
    const count = final.get(planned.queued.reader.shelterId);
    if (count !== undefined) planned.result.occupancy = count - planned.laterAtShelter;
  }
}
