import type { Database } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { SessionUser } from '../auth/auth.types.js';
import { findShelterForTap } from '../checkins/checkins.queries.js';
import { occupantChanged } from '../console/console.events.js';
import { recordWhereabouts } from '../whereabouts/whereabouts.service.js';
import type { ShelterOccupancy } from '@contract/whereabouts/whereabouts.types.js';
import { bindUnknownTap } from './cards.service.js';
import { toStoredKana } from './name-query.js';
import { insertResident } from './people.queries.js';
import type { WalkInInput } from '@contract/people/people.schema.js';

export interface WalkInResult {
  residentId: string;
  cardId: string | null;
  checkedIn: boolean;
  occupancy: ShelterOccupancy | null;
}

/** The reading as stored (katakana). Taken from the name itself when that is written in kana. */
function reading(kana: string | undefined, name: string, field: string): string | null {
  if (kana === undefined) return toStoredKana(name) ?? null;
  const stored = toStoredKana(kana);
  if (!stored) throw badRequest('invalid_kana', `${field} must be written in katakana or hiragana.`);
  return stored;
}

/**
 * Registers a person who is not in the resident register (visitor, tourist, no papers) at a
 * shelter desk, in one transaction with binding their card and checking them in.
 */
export class WalkInService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
  ) {}

  async register(user: SessionUser, shelterId: string, input: WalkInInput): Promise<WalkInResult> {
    assertMayManageShelter(user, shelterId);
    const person = {
      familyName: input.familyName,
      givenName: input.givenName,
      familyNameKana: reading(input.familyNameKana, input.familyName, 'familyNameKana'),
      givenNameKana: reading(input.givenNameKana, input.givenName, 'givenNameKana'),
      birthDate: input.birthDate ?? null,
      sex: input.sex,
      registration: input.registration,
      language: input.language ?? 'ja',
      careNeeds: input.careNeeds ?? [],
    };
    const result = await transactionWithEvents(
      this.db,
      this.io,
      async (tx, outbox): Promise<WalkInResult> => {
        const shelter = await findShelterForTap(tx, shelterId);
        if (!shelter) throw notFound('Shelter');
        const residentId = await insertResident(tx, person);
        if (input.unknownCardEventId) {
          const bound = await bindUnknownTap(tx, outbox, {
            user,
            shelterId,
            eventId: input.unknownCardEventId,
            residentId,
            kind: input.cardKind ?? 'other',
            stayType: input.stayType,
          });
          return { residentId, cardId: bound.cardId, checkedIn: bound.checkedIn, occupancy: bound.occupancy };
        }
        if (!input.checkIn) return { residentId, cardId: null, checkedIn: false, occupancy: null };
        if (shelter.status === 'closed')
          throw conflict('shelter_closed', 'The shelter is closed; open it first.');
        const recorded = await recordWhereabouts(tx, outbox, {
          residentId,
          place: 'shelter',
          shelterId,
          stayType: input.stayType ?? null,
          source: 'staff',
          reportedBy: user.id,
          occurredAt: new Date(),
        });
        occupantChanged(outbox, shelterId, residentId, 'arrived');
        const occupancy = recorded.occupancy.find((o) => o.shelterId === shelterId) ?? null;
        return { residentId, cardId: null, checkedIn: true, occupancy };
      },
    );
    return result;
  }
}
