import type { Database, Queryable } from '../../db/database.js';
import { rooms } from '../../realtime/events.js';
import { Outbox } from '../../realtime/publisher.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { lockAndReadCurrent, recordWhereabouts } from '../whereabouts/whereabouts.service.js';
import { cardToken } from './card-token.js';
import { claimTapWithContext, findTap, settleTap, type TapContext } from './checkins.queries.js';
import { MAX_CLOCK_SKEW_MS, type TapResult, type tapSchema } from './reader.protocol.js';
import type { z } from 'zod';

export interface ReaderIdentity {
  id: string;
  shelterId: string;
  mode: 'toggle' | 'in' | 'out';
}

type ParsedTap = z.output<typeof tapSchema>;

const REJECTIONS = {
  shelter_closed: 'The shelter is closed; open it in the shelter console first.',
  card_revoked: 'This card has been revoked.',
  tap_time_in_future: 'The tap time is in the future; check the reader clock.',
  event_id_reused: 'This event id was already used by another reader.',
  not_checked_in: 'This person is not checked in here.',
} as const;
export type TapRejection = keyof typeof REJECTIONS;

function rejected(eventId: string, id: TapRejection, occupancy: number | null, duplicate = false): TapResult {
  return { eventId, outcome: 'rejected', duplicate, occupancy, error: { id, message: REJECTIONS[id] } };
}

function fromStored(
  eventId: string,
  stored: { outcome: TapResult['outcome']; error_id: string | null; occupancy_after: number | null },
): TapResult {
  if (stored.outcome === 'rejected' && stored.error_id && stored.error_id in REJECTIONS) {
    return rejected(eventId, stored.error_id as TapRejection, stored.occupancy_after, true);
  }
  return { eventId, outcome: stored.outcome, duplicate: true, occupancy: stored.occupancy_after };
}

/**
 * Card taps. Each tap is one transaction: claim the event id (idempotency), resolve the card,
 * move the person, update the shelter counters, settle the tap record. The result is returned
 * (and the reader acknowledged) only after commit; events go out after commit too.
 */
export class CheckinService {
  constructor(
    private readonly db: Database,
    private readonly cardTokenSecret: string,
    private readonly io?: RealtimeServer,
  ) {}

  tokenFor(cardUid: string): string {
    return cardToken(this.cardTokenSecret, cardUid);
  }

  async applyTap(reader: ReaderIdentity, tap: ParsedTap, now = Date.now()): Promise<TapResult> {
    const outbox = new Outbox();
    const result = await this.db.transaction(async (tx) => {
      const token = this.tokenFor(tap.cardUid);
      const context = await claimTapWithContext(tx, {
        eventId: tap.eventId,
        readerId: reader.id,
        shelterId: reader.shelterId,
        cardToken: token,
        direction: tap.direction,
        tappedAt: tap.tappedAt,
      });
      if (!context.claimed) {
        const stored = await findTap(tx, tap.eventId);
        if (!stored || stored.reader_id !== reader.id)
          return rejected(tap.eventId, 'event_id_reused', null, true);
        return fromStored(tap.eventId, stored);
      }
      const decided = await this.decide(tx, outbox, reader, tap, context, now);
      await settleTap(tx, tap.eventId, {
        outcome: decided.result.outcome,
        errorId: decided.result.error?.id ?? null,
        residentId: decided.residentId,
        occupancy: decided.result.occupancy,
      });
      outbox.add(rooms.shelter(reader.shelterId), 'shelter:tap', {
        eventId: tap.eventId,
        shelterId: reader.shelterId,
        readerId: reader.id,
        outcome: decided.result.outcome,
        errorId: decided.result.error?.id ?? null,
        residentId: decided.residentId,
        displayName: decided.displayName,
        tappedAt: new Date(tap.tappedAt).toISOString(),
        occupancy: decided.result.occupancy,
      });
      return decided.result;
    });
    outbox.flush(this.io);
    return result;
  }

  private async decide(
    tx: Queryable,
    outbox: Outbox,
    reader: ReaderIdentity,
    tap: ParsedTap,
    context: TapContext,
    now: number,
  ): Promise<{ result: TapResult; residentId: string | null; displayName: string | null }> {
    const occupancy = context.occupancy;
    const none = { residentId: null, displayName: null };
    const tappedAt = new Date(tap.tappedAt);
    if (tappedAt.getTime() > now + MAX_CLOCK_SKEW_MS)
      return { result: rejected(tap.eventId, 'tap_time_in_future', occupancy), ...none };
    if (context.shelter_status === null || context.shelter_status === 'closed')
      return { result: rejected(tap.eventId, 'shelter_closed', occupancy), ...none };

    if (context.resident_id === null) {
      return {
        result: { eventId: tap.eventId, outcome: 'unknown_card', duplicate: false, occupancy },
        ...none,
      };
    }
    const residentId = context.resident_id;
    const person = { residentId, displayName: context.display_name };
    if (context.revoked) return { result: rejected(tap.eventId, 'card_revoked', occupancy), ...person };

    const direction = reader.mode === 'toggle' ? tap.direction : reader.mode;
    const current = await lockAndReadCurrent(tx, residentId);
    const insideHere = current?.place === 'shelter' && current.shelterId === reader.shelterId;
    const checkOut = direction === 'out' || (direction === 'toggle' && insideHere);
    if (checkOut && !insideHere && !(current && tappedAt < current.occurredAt)) {
      return { result: rejected(tap.eventId, 'not_checked_in', occupancy), ...person };
    }
    if (direction === 'in' && insideHere && current && tappedAt >= current.occurredAt) {
      // A second tap on an entrance reader: already inside, nothing changes.
      return {
        result: { eventId: tap.eventId, outcome: 'checked_in', duplicate: false, occupancy },
        ...person,
      };
    }

    const recorded = await recordWhereabouts(tx, outbox, {
      residentId,
      place: checkOut ? 'unknown' : 'shelter',
      shelterId: checkOut ? null : reader.shelterId,
      source: 'card_tap',
      tapEventId: tap.eventId,
      occurredAt: tappedAt,
    });
    const here = recorded.occupancy.find((o) => o.shelterId === reader.shelterId)?.occupancy ?? occupancy;
    if (!recorded.applied)
      return {
        result: { eventId: tap.eventId, outcome: 'recorded_late', duplicate: false, occupancy: here },
        ...person,
      };
    const transferred =
      !checkOut && recorded.previous?.place === 'shelter' && recorded.previous.shelterId !== reader.shelterId;
    const outcome = checkOut ? 'checked_out' : transferred ? 'transferred' : 'checked_in';
    return { result: { eventId: tap.eventId, outcome, duplicate: false, occupancy: here }, ...person };
  }
}
