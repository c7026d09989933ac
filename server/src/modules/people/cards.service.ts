import type { Database, Queryable } from '../../db/database.js';
import { conflict, notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import type { Outbox } from '../../realtime/publisher.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { CheckinService } from '../checkins/checkins.service.js';
import { occupantChanged, shelterAudience } from '../console/console.events.js';
import { readOccupancy } from '../whereabouts/whereabouts.queries.js';
import { recordWhereabouts } from '../whereabouts/whereabouts.service.js';
import type { ShelterOccupancy, StayType } from '@contract/whereabouts/whereabouts.types.js';
import { logAccess } from './access-log.js';
import {
  findActiveCardByToken,
  findCard,
  insertCard,
  listCards,
  listUnknownTaps,
  lockUnknownTap,
  resolveUnknownTaps,
  revokeCard,
  type CardRow,
} from './cards.queries.js';
import { residentExists } from './people.queries.js';
import type { CARD_KINDS } from '@contract/people/people.schema.js';

type CardKind = (typeof CARD_KINDS)[number];

export const cardAlreadyBound = () =>
  conflict('card_already_bound', 'This card is already bound to someone. Revoke it there first.');
export const alreadyResolved = () => conflict('already_resolved', 'This tap was already bound to a person.');

export interface BoundCard {
  cardId: string;
  residentId: string;
  resolvedEventIds: string[];
  checkedIn: boolean;
  occupancy: ShelterOccupancy | null;
}

/**
 * Binds the card of an unknown-card tap to a person inside the caller's transaction: creates the
 * card (only its token is ever known), resolves every unresolved tap of that card at the shelter,
 * and checks the person in with the tap's original time.
 */
export async function bindUnknownTap(
  tx: Queryable,
  outbox: Outbox,
  input: {
    user: SessionUser;
    shelterId: string;
    eventId: string;
    residentId: string;
    kind: CardKind;
    stayType?: StayType;
  },
): Promise<BoundCard> {
  const tap = await lockUnknownTap(tx, input.shelterId, input.eventId);
  if (!tap) throw notFound('Unknown-card tap');
  if (tap.resolved_at) throw alreadyResolved();
  if (!(await residentExists(tx, input.residentId))) throw notFound('Resident');

  const existing = await findActiveCardByToken(tx, tap.card_token);
  if (existing && existing.resident_id !== input.residentId) throw cardAlreadyBound();
  const card =
    existing ??
    (await insertCard(tx, {
      token: tap.card_token,
      residentId: input.residentId,
      kind: input.kind,
      createdBy: input.user.id,
    }));
  if (!card) throw cardAlreadyBound();

  const resolvedEventIds = await resolveUnknownTaps(tx, {
    shelterId: input.shelterId,
    token: tap.card_token,
    residentId: input.residentId,
    userId: input.user.id,
  });
  const recorded = await recordWhereabouts(tx, outbox, {
    residentId: input.residentId,
    place: 'shelter',
    shelterId: input.shelterId,
    source: 'card_tap',
    tapEventId: tap.event_id,
    stayType: input.stayType ?? null,
    reportedBy: input.user.id,
    occurredAt: tap.tapped_at,
  });
  outbox.add(shelterAudience(input.shelterId), 'shelter:unknown-cards-resolved', {
    shelterId: input.shelterId,
    eventIds: resolvedEventIds,
    residentId: input.residentId,
  });
  if (recorded.applied) occupantChanged(outbox, input.shelterId, input.residentId, 'arrived');
  const occupancy =
    recorded.occupancy.find((o) => o.shelterId === input.shelterId) ??
    (await readOccupancy(tx, input.shelterId)) ??
    null;
  return {
    cardId: card.id,
    residentId: input.residentId,
    resolvedEventIds,
    checkedIn: recorded.applied,
    occupancy,
  };
}

const CARDS_VIA = 'GET /api/residents/:residentId/cards';

/** Cards hold only a token; the UID a staff member types is hashed at once and never kept or logged. */
export class CardService {
  constructor(
    private readonly db: Database,
    private readonly checkins: CheckinService,
    private readonly io: RealtimeServer | undefined,
  ) {}

  async list(user: SessionUser, residentId: string): Promise<CardRow[]> {
    return this.db.transaction(async (tx) => {
      if (!(await residentExists(tx, residentId))) throw notFound('Resident');
      const cards = await listCards(tx, residentId);
      await logAccess(tx, {
        viewer: user,
        residentIds: [residentId],
        action: 'view',
        purpose: 'card_management',
        via: CARDS_VIA,
      });
      return cards;
    });
  }

  async bind(
    user: SessionUser,
    residentId: string,
    input: { cardUid: string; kind: CardKind },
  ): Promise<CardRow> {
    const token = this.checkins.tokenFor(input.cardUid);
    return this.db.transaction(async (tx) => {
      if (!(await residentExists(tx, residentId))) throw notFound('Resident');
      const card = await insertCard(tx, { token, residentId, kind: input.kind, createdBy: user.id });
      if (!card) throw cardAlreadyBound();
      return card;
    });
  }

  async revoke(user: SessionUser, cardId: string): Promise<CardRow> {
    const revoked = await revokeCard(this.db, cardId, user.id);
    if (revoked) return revoked;
    if (await findCard(this.db, cardId))
      throw conflict('card_already_revoked', 'This card is already revoked.');
    throw notFound('Card');
  }

  async listUnknown(user: SessionUser, shelterId: string, limit: number) {
    assertMayManageShelter(user, shelterId);
    return listUnknownTaps(this.db, shelterId, limit);
  }

  async bindUnknown(
    user: SessionUser,
    input: { shelterId: string; eventId: string; residentId: string; kind: CardKind },
  ): Promise<BoundCard> {
    assertMayManageShelter(user, input.shelterId);
    return transactionWithEvents(this.db, this.io, (tx, outbox) =>
      bindUnknownTap(tx, outbox, { user, ...input }),
    );
  }
}
