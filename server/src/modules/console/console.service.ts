import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { SessionUser } from '../auth/auth.types.js';
import { logAccess } from '../people/access-log.js';
import { parseNameQuery } from '../people/name-query.js';
import { occupancyChanged } from './console.events.js';
import {
  findShelterDetail,
  listOccupants,
  listTaps,
  updateShelterSettings,
  type OccupantRow,
  type ShelterDetailRow,
  type TapLogRow,
} from './console.queries.js';

/** Reading a shelter console: the shelter, who is inside, the tap log; and opening/closing it. */
export class ConsoleService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
  ) {}

  async detail(user: SessionUser, shelterId: string): Promise<ShelterDetailRow> {
    assertMayManageShelter(user, shelterId);
    const shelter = await findShelterDetail(this.db, shelterId);
    if (!shelter) throw notFound('Shelter');
    return shelter;
  }

  async update(
    user: SessionUser,
    shelterId: string,
    change: { status?: 'open' | 'closed'; fullThresholdPercent?: number },
  ): Promise<ShelterDetailRow> {
    assertMayManageShelter(user, shelterId);
    const shelter = await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const after = await updateShelterSettings(tx, shelterId, change);
      if (!after) throw notFound('Shelter');
      occupancyChanged(outbox, after);
      return (await findShelterDetail(tx, shelterId))!;
    });
    return shelter;
  }

  /** The roster is personal data: one access_log row per person listed. */
  async occupants(
    user: SessionUser,
    shelterId: string,
    q: string | undefined,
    limit: number,
  ): Promise<OccupantRow[]> {
    assertMayManageShelter(user, shelterId);
    return this.db.transaction(async (tx) => {
      const occupants = await listOccupants(
        tx,
        shelterId,
        q === undefined ? undefined : parseNameQuery(q),
        limit,
      );
      await logAccess(tx, {
        viewer: user,
        residentIds: occupants.map((o) => o.resident_id),
        action: 'view',
        purpose: 'shelter_roster',
        via: 'GET /api/shelters/:shelterId/occupants',
      });
      return occupants;
    });
  }

  /** Names in the tap log are personal data too, logged like the roster. */
  async taps(user: SessionUser, shelterId: string, limit: number): Promise<TapLogRow[]> {
    assertMayManageShelter(user, shelterId);
    return this.db.transaction(async (tx) => {
      const taps = await listTaps(tx, shelterId, limit);
      await logAccess(tx, {
        viewer: user,
        residentIds: taps.flatMap((t) => (t.resident_id ? [t.resident_id] : [])),
        action: 'view',
        purpose: 'tap_log',
        via: 'GET /api/shelters/:shelterId/taps',
      });
      return taps;
    });
  }
}
