import type { Database, Queryable } from '../../db/database.js';
import { rooms } from '../../realtime/events.js';
import { announceWhereaboutsChange } from '../../realtime/family-rooms.js';
import type { Outbox } from '../../realtime/publisher.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { closeVisitTasks } from '../visits/visit-closing.js';
import { findCurrentMany } from '../whereabouts/whereabouts.queries.js';
import type { ShelterOccupancy } from '@contract/whereabouts/whereabouts.types.js';
import { cardToken } from './card-token.js';
import { claimTaps, findTaps } from './checkins.queries.js';
import { GroupCommitQueue, type GroupCommitOptions } from './group-commit.js';
import { MAX_TAPS_PER_BATCH, type TapResult } from '@contract/checkins/reader.protocol.js';
import {
  planTapGroup,
  precheck,
  replayResult,
  settleOccupancy,
  type ParsedTap,
  type PlannedTap,
  type QueuedTap,
  type ReaderIdentity,
} from './tap-plan.js';
import { writeTapGroup } from './tap-group.queries.js';

export type { ReaderIdentity } from './tap-plan.js';

/** The group's events, sent by the caller after commit. */
function publishGroup(
  outbox: Outbox,
  taps: readonly PlannedTap[],
  occupancy: readonly ShelterOccupancy[],
): void {
  for (const { queued, result, residentId, displayName, changedAt } of taps) {
    if (residentId && changedAt) announceWhereaboutsChange(outbox, residentId, changedAt);
    outbox.add(rooms.shelter(queued.reader.shelterId), 'shelter:tap', {
      eventId: queued.tap.eventId,
      shelterId: queued.reader.shelterId,
      readerId: queued.reader.id,
      outcome: result.outcome,
      errorId: result.error?.id ?? null,
      residentId,
      displayName,
      tappedAt: new Date(queued.tap.tappedAt).toISOString(),
      occupancy: result.occupancy,
    });
  }
  // After the taps' own events, so a listener's last word is the shelter's final count.
  const at = new Date().toISOString();
  for (const after of occupancy) {
    outbox.add(rooms.public, 'shelter:occupancy', {
      shelterId: after.shelterId,
      occupancy: after.occupancy,
      occupancyDay: after.occupancyDay,
      occupancyOvernight: after.occupancyOvernight,
      capacity: after.capacity,
      status: after.status,
      at,
    });
  }
}

/** A tap that was taken (not refused) shows the person at a shelter: their open visits close. */
const SIGN_OF_LIFE = new Set<TapResult['outcome']>([
  'checked_in',
  'checked_out',
  'transferred',
  'recorded_late',
]);

/** People of the group with an open visit task whose tap was taken; usually none. */
function visitsClosedBy(
  taps: readonly PlannedTap[],
  claimed: readonly { context: { resident_id: string | null; open_visit: boolean | null } }[],
): string[] {
  const withVisit = new Set<string>();
  for (const { context } of claimed)
    if (context.open_visit && context.resident_id) withVisit.add(context.resident_id);
  if (withVisit.size === 0) return [];
  const closing = new Set<string>();
  for (const tap of taps) {
    if (tap.residentId && withVisit.has(tap.residentId) && SIGN_OF_LIFE.has(tap.result.outcome)) {
      closing.add(tap.residentId);
    }
  }
  return [...closing];
}

/**
 * A few groups in flight let one group's statements run while another waits for its WAL flush;
 * every group ends on the same shelter rows, so more would mostly split the same taps into smaller
 * groups. A replay batch (up to 500 taps) is one unit and never split.
 */
const DEFAULT_GROUP_COMMIT: GroupCommitOptions = {
  maxConcurrentGroups: 4,
  maxItemsPerGroup: MAX_TAPS_PER_BATCH,
};

/**
 * Card taps. Taps that arrive while earlier ones are being written are committed together (group
 * commit) in one transaction of three statements: claim the event ids (idempotency), resolve the
 * cards and lock their holders; read the holders' state; write history, current state, shelter
 * counters (once per shelter) and tap outcomes. Each tap is decided as if the taps had run one
 * after another. Results are returned (and readers acknowledged) only after commit; events go out
 * after commit too.
 */
export class CheckinService {
  private readonly queue: GroupCommitQueue<QueuedTap, TapResult>;

  constructor(
    private readonly db: Database,
    private readonly cardTokenSecret: string,
    private readonly io?: RealtimeServer,
    groupCommit: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {
    this.queue = new GroupCommitQueue((taps) => this.applyGroup(taps), groupCommit);
  }

  tokenFor(cardUid: string): string {
    return cardToken(this.cardTokenSecret, cardUid);
  }

  async applyTap(reader: ReaderIdentity, tap: ParsedTap, now = Date.now()): Promise<TapResult> {
    const [result] = await this.queue.submit([{ reader, tap, receivedAt: now }]);
    return result!;
  }

  /** A reader's batch (a replay after an outage): applied in order, in one group. */
  applyTaps(reader: ReaderIdentity, taps: readonly ParsedTap[], now = Date.now()): Promise<TapResult[]> {
    return this.queue.submit(taps.map((tap) => ({ reader, tap, receivedAt: now })));
  }

  /**
   * One transaction for a group of taps, results in input order. Exposed for tests, which need
   * a known group; everything else goes through the queue.
   */
  async applyGroup(taps: readonly QueuedTap[]): Promise<TapResult[]> {
    return transactionWithEvents(this.db, this.io, (tx, outbox) => this.applyInTransaction(tx, outbox, taps));
  }

  private async applyInTransaction(
    tx: Queryable,
    outbox: Outbox,
    taps: readonly QueuedTap[],
  ): Promise<TapResult[]> {
    // The same event id twice in one group: the first occurrence is the tap, later ones replays.
    const firstOf = new Map<string, QueuedTap>();
    for (const queued of taps) if (!firstOf.has(queued.tap.eventId)) firstOf.set(queued.tap.eventId, queued);
    const distinct = [...firstOf.values()];

    const contexts = await claimTaps(
      tx,
      distinct.map(({ reader, tap }) => ({
        eventId: tap.eventId,
        readerId: reader.id,
        shelterId: reader.shelterId,
        cardToken: this.tokenFor(tap.cardUid),
        direction: tap.direction,
        tappedAt: tap.tappedAt,
      })),
    );
    const claimed = distinct.map((queued, i) => ({ queued, context: contexts[i]! }));
    const replays = claimed.filter((c) => !c.context.claimed).map((c) => c.queued);
    const stored = await findTaps(
      tx,
      replays.map((queued) => queued.tap.eventId),
    );
    const fresh = claimed.filter((c) => c.context.claimed);

    // The card holders were locked by the claim; their state is read now, after the locks.
    const people = new Set<string>();
    for (const { queued, context } of fresh) {
      const checked = precheck(queued, context);
      if ('residentId' in checked) people.add(checked.residentId);
    }
    const current = people.size > 0 ? await findCurrentMany(tx, [...people]) : new Map();
    const plan = planTapGroup(fresh, current);
    // Before the shelter counters: their locks are the ones every group waits for.
    await closeVisitTasks(tx, outbox, { residentIds: visitsClosedBy(plan.taps, fresh), event: 'card_tap' });
    const occupancy =
      plan.taps.length === 0
        ? []
        : await writeTapGroup(tx, {
            events: plan.events,
            deltas: plan.occupancyDeltas,
            taps: plan.taps.map(({ queued, result, residentId, laterAtShelter }) => ({
              eventId: queued.tap.eventId,
              outcome: result.outcome,
              errorId: result.error?.id ?? null,
              residentId,
              shelterId: queued.reader.shelterId,
              laterAtShelter,
              occupancyRead: result.occupancy,
            })),
          });
    settleOccupancy(plan.taps, occupancy);

    publishGroup(outbox, plan.taps, occupancy);

    const resultOf = new Map<string, TapResult>();
    for (const planned of plan.taps) resultOf.set(planned.queued.tap.eventId, planned.result);
    for (const queued of replays)
      resultOf.set(queued.tap.eventId, replayResult(queued, stored.get(queued.tap.eventId)));
    return taps.map((queued) => {
      const first = firstOf.get(queued.tap.eventId)!;
      const result = resultOf.get(queued.tap.eventId)!;
      if (first === queued) return result;
      return replayResult(queued, {
        reader_id: first.reader.id,
        outcome: result.outcome,
        error_id: result.error?.id ?? null,
        occupancy_after: result.occupancy,
      });
    });
  }
}
