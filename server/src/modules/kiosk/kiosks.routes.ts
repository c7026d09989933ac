import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { STAFF } from '../../policies/index.js';
import {
  kioskIdParams,
  kioskSchema,
  kioskShelterParams,
  kioskWithKey,
  registerKioskBody,
} from '@contract/kiosk/kiosk.schema.js';
import { presentKiosk } from './kiosks.present.js';
import type { KioskService } from './kiosks.service.js';

/** Staff register a shelter's kiosk PCs, and rotate or revoke their keys. */
export function kioskDeviceRoutes(api: ApiRouter, kiosks: KioskService): void {
  api.route({
    method: 'get',
    path: '/shelters/:shelterId/kiosks',
    summary: "List a shelter's kiosks",
    tags: ['kiosk'],
    access: STAFF,
    params: kioskShelterParams,
    response: z.object({ kiosks: z.array(kioskSchema) }),
    handler: async ({ user, params }) => ({
      kiosks: (await kiosks.list(signedIn(user), params.shelterId)).map(presentKiosk),
    }),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/kiosks',
    summary: 'Register a kiosk PC at a shelter; returns its device key once',
    tags: ['kiosk'],
    access: STAFF,
    params: kioskShelterParams,
    body: registerKioskBody,
    response: kioskWithKey,
    successStatus: 201,
    handler: async ({ user, params, body }) => {
      const { kiosk, deviceKey } = await kiosks.register(signedIn(user), {
        shelterId: params.shelterId,
        name: body.name,
      });
      return { kiosk: presentKiosk(kiosk), deviceKey };
    },
  });

  api.route({
    method: 'post',
    path: '/kiosks/:kioskId/rotate-key',
    summary: "Replace a kiosk's device key; the old key and every session opened at the kiosk end",
    tags: ['kiosk'],
    access: STAFF,
    params: kioskIdParams,
    response: kioskWithKey,
    handler: async ({ user, params }) => {
      const { kiosk, deviceKey } = await kiosks.rotateKey(signedIn(user), params.kioskId);
      return { kiosk: presentKiosk(kiosk), deviceKey };
    },
  });

  api.route({
    method: 'post',
    path: '/kiosks/:kioskId/revoke',
    summary: 'Revoke a kiosk; its key and every session opened at it end at once',
    tags: ['kiosk'],
    access: STAFF,
    params: kioskIdParams,
    response: kioskSchema,
    handler: async ({ user, params }) => presentKiosk(await kiosks.revoke(signedIn(user), params.kioskId)),
  });
}
