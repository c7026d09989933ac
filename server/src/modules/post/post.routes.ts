import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import {
  createPostBatchBody,
  createdPostBatch,
  postBatch,
  postBatchList,
  postBatchListQuery,
  postBatchParams,
  postFileParams,
  postReach,
  postReachQuery,
} from '@contract/post/post.schema.js';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import type { PostService } from './post.service.js';

const CONTENT_TYPES = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;

export function postRoutes(api: ApiRouter, post: PostService): void {
  api.route({
    method: 'get',
    path: '/post/reach',
    summary:
      'How many people of a warning or notice no channel reaches (no account, account without push), and the letters a batch would print (counts only)',
    tags: ['post'],
    access: HQ,
    query: postReachQuery,
    response: postReach,
    handler: ({ user, query }) => post.reach(signedIn(user), query),
  });

  api.route({
    method: 'post',
    path: '/post/batches',
    summary:
      'Make a batch of letters (PDF + CSV) for the people of a warning or notice no channel reaches; the batch already there is returned unless confirmed',
    tags: ['post'],
    access: HQ,
    body: createPostBatchBody,
    response: createdPostBatch,
    successStatus: 201,
    handler: ({ user, body }) => post.create(signedIn(user), body),
  });

  api.route({
    method: 'get',
    path: '/post/batches',
    summary: 'The letter batches of a warning or notice, latest first, with their progress',
    tags: ['post'],
    access: HQ,
    query: postBatchListQuery,
    response: postBatchList,
    handler: async ({ user, query }) => ({ batches: await post.list(signedIn(user), query) }),
  });

  api.route({
    method: 'get',
    path: '/post/batches/:batchId',
    summary: 'One letter batch and its progress',
    tags: ['post'],
    access: HQ,
    params: postBatchParams,
    response: postBatch,
    handler: ({ user, params }) => post.get(signedIn(user), params.batchId),
  });

  api.route({
    method: 'post',
    path: '/post/batches/:batchId/cancel',
    summary: 'Cancel a waiting or running batch, or withdraw a finished one; its files are deleted',
    tags: ['post'],
    access: HQ,
    params: postBatchParams,
    response: postBatch,
    handler: ({ user, params }) => post.cancel(signedIn(user), params.batchId),
  });

  api.route({
    method: 'get',
    path: '/post/batches/:batchId/files/:file',
    summary:
      'The letters PDF or the mail vendor CSV of a finished batch (names and addresses; each download in the access log of everyone named)',
    tags: ['post'],
    access: HQ,
    params: postFileParams,
    response: z.string(),
    responseContentType: 'application/octet-stream',
    handler: async ({ user, params, res }) => {
      const file = await post.download(signedIn(user), params.batchId, params.file);
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPES[params.file]);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader('Content-Disposition', `attachment; filename="letters-${params.batchId}.${params.file}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await pipeline(createReadStream(file.path), res);
      return undefined;
    },
  });
}
