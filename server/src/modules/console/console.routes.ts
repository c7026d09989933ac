import type { Database } from '../../db/database.js';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { STAFF } from '../../policies/index.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { asCareNeeds, presentOccupant, presentShelter, presentTap } from './console.presenters.js';
import {
  checkinBody,
  checkinResult,
  occupantList,
  occupantParams,
  occupantsQuery,
  shelterDetail,
  shelterIdParams,
  tapLog,
  tapsQuery,
  transferBody,
  transferResult,
  updateOccupantBody,
  updateOccupantResult,
  updateShelterBody,
} from '@contract/console/console.schema.js';
import { ConsoleService } from './console.service.js';
import { OccupantService } from './occupants.service.js';

/** The shelter console: one shelter's state, roster and tap log, and what staff do there. */
export function consoleRoutes(
  api: ApiRouter,
  { db, io }: { db: Database; io: RealtimeServer | undefined },
): void {
  const consoleService = new ConsoleService(db, io);
  const occupants = new OccupantService(db, io);

  api.route({
    method: 'get',
    path: '/shelters/:shelterId',
    summary:
      'A shelter as its console shows it: capacity, occupancy (day/overnight), status, people needing care',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    response: shelterDetail,
    handler: async ({ user, params }) =>
      presentShelter(await consoleService.detail(signedIn(user), params.shelterId)),
  });

  api.route({
    method: 'patch',
    path: '/shelters/:shelterId',
    summary: 'Open or close a shelter, or change the occupancy share at which it shows as full',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    body: updateShelterBody,
    response: shelterDetail,
    handler: async ({ user, params, body }) =>
      presentShelter(await consoleService.update(signedIn(user), params.shelterId, body)),
  });

  api.route({
    method: 'get',
    path: '/shelters/:shelterId/occupants',
    summary: 'People inside the shelter now; every person listed is access-logged',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    query: occupantsQuery,
    response: occupantList,
    handler: async ({ user, params, query }) => {
      const rows = await consoleService.occupants(signedIn(user), params.shelterId, query.q, query.limit);
      return { total: rows[0]?.total ?? 0, occupants: rows.map(presentOccupant) };
    },
  });

  api.route({
    method: 'get',
    path: '/shelters/:shelterId/taps',
    summary: 'Recent card taps at the shelter, newest first',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    query: tapsQuery,
    response: tapLog,
    handler: async ({ user, params, query }) => ({
      taps: (await consoleService.taps(signedIn(user), params.shelterId, query.limit)).map(presentTap),
    }),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/checkins',
    summary: 'Check a person in or out by hand (no card)',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    body: checkinBody,
    response: checkinResult,
    handler: async ({ user, params, body }) => occupants.checkin(signedIn(user), params.shelterId, body),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/transfers',
    summary: 'Transfer a person inside this shelter to another open shelter',
    tags: ['console'],
    access: STAFF,
    params: shelterIdParams,
    body: transferBody,
    response: transferResult,
    handler: async ({ user, params, body }) => occupants.transfer(signedIn(user), params.shelterId, body),
  });

  api.route({
    method: 'patch',
    path: '/shelters/:shelterId/occupants/:residentId',
    summary: "Change a person's stay type (day/overnight) or care needs",
    tags: ['console'],
    access: STAFF,
    params: occupantParams,
    body: updateOccupantBody,
    response: updateOccupantResult,
    handler: async ({ user, params, body }) => {
      const updated = await occupants.update(signedIn(user), params.shelterId, params.residentId, body);
      return { ...updated, careNeeds: asCareNeeds(updated.careNeeds) };
    },
  });
}
