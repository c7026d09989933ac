import type { z } from 'zod';
import type { CardRow, UnknownTapRow } from './cards.queries.js';
import type { PersonRow } from './people.queries.js';
import { presentPersonIdentity } from '@contract/people/person-identity.js';
import type { cardSchema, personSummary, unknownCardSchema } from '@contract/people/people.schema.js';

export function presentPerson(row: PersonRow): z.input<typeof personSummary> {
  return {
    id: row.id,
    ...presentPersonIdentity(row),
    homeMunicipality:
      row.home_municipality_code && row.home_municipality_name
        ? { code: row.home_municipality_code.trim(), name: row.home_municipality_name }
        : null,
    whereabouts:
      row.place && row.whereabouts_at
        ? {
            place: row.place as NonNullable<z.input<typeof personSummary>['whereabouts']>['place'],
            shelterId: row.shelter_id,
            shelterName: row.shelter_name,
            stayType: row.stay_type,
            since: row.whereabouts_at.toISOString(),
          }
        : null,
    score: Math.round(row.score * 1000) / 1000,
  };
}

export function presentCard(row: CardRow): z.input<typeof cardSchema> {
  return {
    id: row.id,
    residentId: row.resident_id,
    kind: row.kind,
    active: row.revoked_at === null,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** The card reference is a prefix of the keyed hash: it groups taps of one card and reveals nothing. */
export function presentUnknownTap(row: UnknownTapRow): z.input<typeof unknownCardSchema> {
  return {
    eventId: row.event_id,
    readerId: row.reader_id,
    readerName: row.reader_name,
    tappedAt: row.tapped_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    cardRef: row.card_token.slice(0, 8),
  };
}
