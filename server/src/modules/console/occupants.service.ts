import type { Database, Queryable } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import type { Outbox } from '../../realtime/publisher.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { SessionUser } from '../auth/auth.types.js';
import { findShelterForTap } from '../checkins/checkins.queries.js';
import { findCurrent, lockResident, readOccupancy } from '../whereabouts/whereabouts.queries.js';
import { recordWhereabouts, type RecordedWhereabouts } from '../whereabouts/whereabouts.service.js';
import type {
  CurrentWhereabouts,
  ShelterOccupancy,
  StayType,
} from '@contract/whereabouts/whereabouts.types.js';
import { occupantChanged } from './console.events.js';
import { findCareNeeds, setCareNeeds } from './console.queries.js';

const notCheckedIn = () => conflict('not_checked_in', 'This person is not checked in here.');

/**
 * A staff action happens now, but a reader clock may run a little ahead: never let a manual action
 * land before the person's latest state, or it would only go into history.
 */
function actionTime(current: CurrentWhereabouts | undefined): Date {
  return new Date(Math.max(Date.now(), (current?.occurredAt.getTime() ?? 0) + 1));
}

async function occupancyOf(
  tx: Queryable,
  recorded: RecordedWhereabouts,
  shelterId: string,
): Promise<ShelterOccupancy> {
  return recorded.occupancy.find((o) => o.shelterId === shelterId) ?? (await readOccupancy(tx, shelterId))!;
}

/** Manual check-in/out, transfers and stay-type/care-need changes, all through recordWhereabouts. */
export class OccupantService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
  ) {}

  private inTransaction<T>(work: (tx: Queryable, outbox: Outbox) => Promise<T>): Promise<T> {
    return transactionWithEvents(this.db, this.io, work);
  }

  /** Locks the person (every change to one person is serialised) and reads where they are. */
  private async lockPerson(tx: Queryable, residentId: string) {
    if (!(await lockResident(tx, residentId))) throw notFound('Resident');
    return findCurrent(tx, residentId);
  }

  async checkin(
    user: SessionUser,
    shelterId: string,
    input: { residentId: string; action: 'check_in' | 'check_out'; stayType?: StayType },
  ) {
    assertMayManageShelter(user, shelterId);
    return this.inTransaction(async (tx, outbox) => {
      const shelter = await findShelterForTap(tx, shelterId);
      if (!shelter) throw notFound('Shelter');
      const current = await this.lockPerson(tx, input.residentId);
      const insideHere = current?.place === 'shelter' && current.shelterId === shelterId;
      const report = {
        residentId: input.residentId,
        source: 'staff' as const,
        reportedBy: user.id,
        occurredAt: actionTime(current),
      };
      if (input.action === 'check_out') {
        if (!insideHere) throw notCheckedIn();
        const recorded = await recordWhereabouts(tx, outbox, { ...report, place: 'unknown' });
        occupantChanged(outbox, shelterId, input.residentId, 'left');
        return { outcome: 'checked_out' as const, occupancy: await occupancyOf(tx, recorded, shelterId) };
      }
      if (shelter.status === 'closed')
        throw conflict('shelter_closed', 'The shelter is closed; open it first.');
      if (insideHere) throw conflict('already_checked_in', 'This person is already checked in here.');
      const recorded = await recordWhereabouts(tx, outbox, {
        ...report,
        place: 'shelter',
        shelterId,
        stayType: input.stayType ?? null,
      });
      occupantChanged(outbox, shelterId, input.residentId, 'arrived');
      const from = current?.place === 'shelter' ? current.shelterId : null;
      if (from) occupantChanged(outbox, from, input.residentId, 'left');
      return {
        outcome: from ? ('transferred' as const) : ('checked_in' as const),
        occupancy: await occupancyOf(tx, recorded, shelterId),
      };
    });
  }

  /** Staff may send someone from their shelter to any open shelter (primary → 1.5th → hotel). */
  async transfer(user: SessionUser, shelterId: string, input: { residentId: string; toShelterId: string }) {
    assertMayManageShelter(user, shelterId);
    if (input.toShelterId === shelterId)
      throw badRequest('same_shelter', 'The person is already at this shelter.');
    return this.inTransaction(async (tx, outbox) => {
      const current = await this.lockPerson(tx, input.residentId);
      if (current?.place !== 'shelter' || current.shelterId !== shelterId) throw notCheckedIn();
      const target = await findShelterForTap(tx, input.toShelterId);
      if (!target) throw notFound('Shelter');
      if (target.status !== 'open')
        throw conflict('target_not_open', `The other shelter is ${target.status}.`);
      const recorded = await recordWhereabouts(tx, outbox, {
        residentId: input.residentId,
        place: 'shelter',
        shelterId: input.toShelterId,
        stayType: current.stayType,
        source: 'staff',
        reportedBy: user.id,
        occurredAt: actionTime(current),
      });
      occupantChanged(outbox, shelterId, input.residentId, 'left');
      occupantChanged(outbox, input.toShelterId, input.residentId, 'arrived');
      return {
        outcome: 'transferred' as const,
        from: await occupancyOf(tx, recorded, shelterId),
        to: await occupancyOf(tx, recorded, input.toShelterId),
      };
    });
  }

  /** A stay-type change is a new whereabouts event, so day/overnight counters move with it. */
  async update(
    user: SessionUser,
    shelterId: string,
    residentId: string,
    change: { stayType?: StayType; careNeeds?: string[] },
  ) {
    assertMayManageShelter(user, shelterId);
    return this.inTransaction(async (tx, outbox) => {
      const current = await this.lockPerson(tx, residentId);
      if (current?.place !== 'shelter' || current.shelterId !== shelterId || !current.stayType)
        throw notCheckedIn();
      let stayType = current.stayType;
      if (change.stayType && change.stayType !== current.stayType) {
        await recordWhereabouts(tx, outbox, {
          residentId,
          place: 'shelter',
          shelterId,
          stayType: change.stayType,
          source: 'staff',
          reportedBy: user.id,
          occurredAt: actionTime(current),
        });
        stayType = change.stayType;
      }
      if (change.careNeeds) await setCareNeeds(tx, residentId, change.careNeeds);
      occupantChanged(outbox, shelterId, residentId, 'updated');
      return {
        residentId,
        stayType,
        careNeeds: await findCareNeeds(tx, residentId),
        occupancy: (await readOccupancy(tx, shelterId))!,
      };
    });
  }
}
