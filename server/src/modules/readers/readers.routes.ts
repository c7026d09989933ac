import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { STAFF } from '../../policies/index.js';
import { tapBatchResultSchema, tapBatchSchema } from '@contract/checkins/reader.protocol.js';
import type { CheckinService } from '../checkins/checkins.service.js';
import {
  readerIdParams,
  readerSchema,
  readerWithKey,
  registerReaderBody,
  shelterIdParams,
  updateReaderBody,
} from '@contract/readers/readers.schema.js';
import { presentReader } from './readers.present.js';
import type { ReaderService } from './readers.service.js';

export function readerRoutes(api: ApiRouter, readers: ReaderService, checkins: CheckinService): void {
  api.route({
    method: 'get',
    path: '/shelters/:shelterId/readers',
    summary: "List a shelter's card readers",
    tags: ['readers'],
    access: STAFF,
    params: shelterIdParams,
    response: z.object({ readers: z.array(readerSchema) }),
    handler: async ({ user, params }) => ({
      readers: (await readers.list(signedIn(user), params.shelterId)).map(presentReader),
    }),
  });

  api.route({
    method: 'post',
    path: '/shelters/:shelterId/readers',
    summary: 'Register a card reader to a shelter; returns its device key once',
    tags: ['readers'],
    access: STAFF,
    params: shelterIdParams,
    body: registerReaderBody,
    response: readerWithKey,
    successStatus: 201,
    handler: async ({ user, params, body }) => {
      const { reader, deviceKey } = await readers.register(signedIn(user), {
        shelterId: params.shelterId,
        ...body,
      });
      return { reader: presentReader(reader), deviceKey };
    },
  });

  api.route({
    method: 'patch',
    path: '/readers/:readerId',
    summary: 'Rename a reader, change its mode, or move it to another shelter',
    tags: ['readers'],
    access: STAFF,
    params: readerIdParams,
    body: updateReaderBody,
    response: readerSchema,
    handler: async ({ user, params, body }) =>
      presentReader(await readers.update(signedIn(user), params.readerId, body)),
  });

  api.route({
    method: 'post',
    path: '/readers/:readerId/rotate-key',
    summary: "Replace a reader's device key; the old key stops working at once",
    tags: ['readers'],
    access: STAFF,
    params: readerIdParams,
    response: readerWithKey,
    handler: async ({ user, params }) => {
      const { reader, deviceKey } = await readers.rotateKey(signedIn(user), params.readerId);
      return { reader: presentReader(reader), deviceKey };
    },
  });

  api.route({
    method: 'post',
    path: '/readers/:readerId/revoke',
    summary: 'Revoke a reader; its key stops working at once',
    tags: ['readers'],
    access: STAFF,
    params: readerIdParams,
    response: readerSchema,
    handler: async ({ user, params }) => presentReader(await readers.revoke(signedIn(user), params.readerId)),
  });

  api.route({
    method: 'post',
    path: '/reader/taps',
    summary:
      'HTTP fallback for readers: a batch of taps, authenticated by `Authorization: Bearer <device key>`',
    tags: ['readers'],
    access: 'public',
    body: tapBatchSchema,
    response: tapBatchResultSchema,
    handler: async ({ req, body }) => {
      const reader = await readers.authenticate(/^Bearer (\S+)$/.exec(req.get('authorization') ?? '')?.[1]);
      const identity = { id: reader.id, shelterId: reader.shelter_id, mode: reader.mode };
      // In order, in one group: a replayed batch holds one person's taps in the order they happened.
      return { results: await checkins.applyTaps(identity, body.taps) };
    },
  });
}
