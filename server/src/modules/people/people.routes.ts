import type { Database } from '../../db/database.js';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { STAFF } from '../../policies/index.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { CheckinService } from '../checkins/checkins.service.js';
import { CardService } from './cards.service.js';
import { PeopleService } from './people.service.js';
import {
  bindCardBody,
  bindResult,
  bindUnknownBody,
  cardLookupBody,
  cardLookupResponse,
  cardIdParams,
  cardList,
  cardSchema,
  residentIdParams,
  searchQuery,
  searchResponse,
  shelterIdParams,
  unknownCardList,
  unknownCardParams,
  unknownCardsQuery,
  walkInBody,
  walkInResult,
} from '@contract/people/people.schema.js';
import { presentCard, presentPerson, presentUnknownTap } from './people.presenters.js';
import { WalkInService } from './walk-ins.service.js';

export interface PeopleRouteDeps {
  db: Database;
  checkins: CheckinService;
  io: RealtimeServer | undefined;
}

/** Person search, cards, unknown-card taps and walk-in registration for the shelter console. */
export function peopleRoutes(api: ApiRouter, { db, checkins, io }: PeopleRouteDeps): void {
  const people = new PeopleService(db);
  const cards = new CardService(db, checkins, io);
  const walkIns = new WalkInService(db, io);

  api.route({
    method: 'get',
    path: '/people/search',
    summary:
      'Fuzzy person search by name (kanji, kana, romaji) and birth date; every result is access-logged',
    tags: ['people'],
    access: STAFF,
    query: searchQuery,
    response: searchResponse,
    handler: async ({ user, query }) => ({
      people: (await people.search(signedIn(user), query)).map(presentPerson),
    }),
  });

  api.route({
    method: 'post',
    path: '/people/by-card',
    summary:
      "The person whose card was tapped on a counter's reader (a keyboard-wedge reader types the UID); access-logged",
    tags: ['people'],
    access: STAFF,
    body: cardLookupBody,
    response: cardLookupResponse,
    handler: async ({ user, body }) => ({
      person: presentPerson(
        await people.findByCard(signedIn(user), {
          token: checkins.tokenFor(body.cardUid),
          purpose: body.purpose,
        }),
      ),
    }),
  });

  api.route({
    method: 'get',
    path: '/residents/:residentId/cards',
    summary: "A person's cards (never the card UID)",
    tags: ['cards'],
    access: STAFF,
    params: residentIdParams,
    response: cardList,
    handler: async ({ user, params }) => ({
      cards: (await cards.list(signedIn(user), params.residentId)).map(presentCard),
    }),
  });

  api.route({
    method: 'post',
    path: '/residents/:residentId/cards',
    summary: 'Bind a card to a person; only a keyed hash of the UID is stored',
    tags: ['cards'],
    access: STAFF,
    params: residentIdParams,
    body: bindCardBody,
    response: cardSchema,
    successStatus: 201,
    handler: async ({ user, params, body }) =>
      presentCard(await cards.bind(signedIn(user), params.residentId, body)),
  });

  api.route({
    method: 'post',
    path: '/cards/:cardId/revoke',
    summary: 'Revoke a card; taps with it are rejected from now on',
    tags: ['cards'],
    access: STAFF,
    params: cardIdParams,
    response: cardSchema,
    handler: async ({ user, params }) => presentCard(await cards.revoke(signedIn(user), params.cardId)),
  });

  api.route({
    method: 'get',
    path: '/shelters/:shelterId/unknown-cards',
    summary: 'Unresolved taps of unknown cards at a shelter, newest first',
    tags: ['cards'],
    access: STAFF,
    params: shelterIdParams,
    query: unknownCardsQuery,
    response: unknownCardList,
    handler: async ({ user, params, query }) => ({
      taps: (await cards.listUnknown(signedIn(user), params.shelterId, query.limit)).map(presentUnknownTap),
    }),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/unknown-cards/:eventId/bind',
    summary: "Bind an unknown tap's card to a person and check them in at the tap's time",
    tags: ['cards'],
    access: STAFF,
    params: unknownCardParams,
    body: bindUnknownBody,
    response: bindResult,
    handler: async ({ user, params, body }) => cards.bindUnknown(signedIn(user), { ...params, ...body }),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/walk-ins',
    summary:
      'Register a visitor, tourist or person without papers at the shelter; optionally bind their unknown card',
    tags: ['people'],
    access: STAFF,
    params: shelterIdParams,
    body: walkInBody,
    response: walkInResult,
    successStatus: 201,
    handler: async ({ user, params, body }) => walkIns.register(signedIn(user), params.shelterId, body),
  });
}
