import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import {
  createLetterBatchBody,
  createdLetterBatch,
  letterBatch,
  letterBatchList,
  letterBatchParams,
  letterFileParams,
} from '@contract/enrolment/letters.schema.js';
import { signedIn } from '../../../http/access.js';
import type { ApiRouter } from '../../../http/route.js';
import { HQ } from '../../../policies/index.js';
import type { LetterService } from './letters.service.js';

const CONTENT_TYPES = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8' } as const;

export function letterRoutes(api: ApiRouter, letters: LetterService): void {
  api.route({
    method: 'post',
    path: '/enrolment/letters',
    summary:
      'Create a batch of enrolment letters for a selection (an identical batch already there is returned unless forced)',
    tags: ['enrolment'],
    access: HQ,
    body: createLetterBatchBody,
    response: createdLetterBatch,
    successStatus: 201,
    handler: ({ user, body }) => letters.create(signedIn(user), body),
  });

  api.route({
    method: 'get',
    path: '/enrolment/letters',
    summary: 'The latest enrolment letter batches with their progress',
    tags: ['enrolment'],
    access: HQ,
    response: letterBatchList,
    handler: async ({ user }) => ({ batches: await letters.list(signedIn(user)) }),
  });

  api.route({
    method: 'get',
    path: '/enrolment/letters/:batchId',
    summary: 'One enrolment letter batch and its progress',
    tags: ['enrolment'],
    access: HQ,
    params: letterBatchParams,
    response: letterBatch,
    handler: ({ user, params }) => letters.get(signedIn(user), params.batchId),
  });

  api.route({
    method: 'post',
    path: '/enrolment/letters/:batchId/cancel',
    summary: 'Cancel a waiting or running batch; the codes it issued are revoked',
    tags: ['enrolment'],
    access: HQ,
    params: letterBatchParams,
    response: letterBatch,
    handler: ({ user, params }) => letters.cancel(signedIn(user), params.batchId),
  });

  api.route({
    method: 'get',
    path: '/enrolment/letters/:batchId/files/:file',
    summary:
      'The letters PDF or the mail vendor CSV of a finished batch (codes in clear; each download recorded)',
    tags: ['enrolment'],
    access: HQ,
    params: letterFileParams,
    response: z.string(),
    responseContentType: 'application/octet-stream',
    handler: async ({ user, params, res }) => {
      const file = await letters.download(signedIn(user), params.batchId, params.file);
      res.status(200);
      res.setHeader('Content-Type', CONTENT_TYPES[params.file]);
      res.setHeader('Content-Length', String(file.size));
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="enrolment-letters-${params.batchId}.${params.file}"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await pipeline(createReadStream(file.path), res);
      return undefined;
    },
  });
}
