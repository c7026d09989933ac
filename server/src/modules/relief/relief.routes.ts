import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { z } from 'zod';
import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { mayReview, RESIDENT, STAFF } from '../../policies/index.js';
import type { AttachmentService } from './attachments.service.js';
import type { CertificateService } from './certificate.service.js';
import {
  presentAttachment,
  presentDetail,
  presentHouseholdApplication,
  presentProgramme,
  presentQueueEntry,
  presentSummary,
} from './relief.presenters.js';
import {
  answersBody,
  applicationDetailSchema,
  applicationParams,
  applicationSummarySchema,
  attachmentParams,
  attachmentSchema,
  createBody,
  decisionBody,
  householdApplicationSchema,
  programmeSchema,
  queueEntrySchema,
  queueQuery,
  submitBody,
  uploadQuery,
} from '@contract/relief/relief.schema.js';
import { selfApplicant, type ReliefService } from './relief.service.js';
import { nextStates, WAITING_STATES } from '@contract/relief/relief.states.js';

const ok = z.object({ ok: z.literal(true) });

function sendPdf(res: Response, number: string, pdf: Buffer): undefined {
  res.setHeader('Content-Disposition', `attachment; filename="risai-${number}.pdf"`);
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).type('application/pdf').end(pdf);
  return undefined;
}

async function sendFile(
  res: Response,
  file: { row: { content_type: string }; stream: NodeJS.ReadableStream; size: number },
): Promise<undefined> {
  res.status(200);
  res.setHeader('Content-Type', file.row.content_type);
  res.setHeader('Content-Length', String(file.size));
  // Never rendered inline as a page of this origin, whatever is inside.
  res.setHeader('Content-Disposition', 'attachment');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  await pipeline(file.stream, res);
  return undefined;
}

export function reliefRoutes(
  api: ApiRouter,
  deps: { relief: ReliefService; attachments: AttachmentService; certificates: CertificateService },
): void {
  const { relief, attachments, certificates } = deps;

  api.route({
    method: 'get',
    path: '/relief/programmes',
    summary: 'The relief programme catalogue with form definitions and required attachments',
    tags: ['relief'],
    access: 'user',
    response: z.object({ programmes: z.array(programmeSchema) }),
    handler: async () => ({ programmes: (await relief.catalogue.all()).map(presentProgramme) }),
  });

  api.route({
    method: 'get',
    path: '/me/applications',
    summary: 'My relief applications, newest first',
    tags: ['relief'],
    access: RESIDENT,
    response: z.object({ applications: z.array(applicationSummarySchema) }),
    handler: async ({ user }) => ({
      applications: (await relief.mine(selfApplicant(signedIn(user)))).map(presentSummary),
    }),
  });

  api.route({
    method: 'post',
    path: '/me/applications',
    summary: 'Start an application (a draft pre-filled from the registry)',
    tags: ['relief'],
    access: RESIDENT,
    body: createBody,
    successStatus: 201,
    response: applicationSummarySchema,
    handler: async ({ user, body }) =>
      presentSummary(await relief.create(selfApplicant(signedIn(user)), body.programmeCode)),
  });

  api.route({
    method: 'get',
    path: '/me/household/applications',
    summary: "The other household members' applications: programme, state and dates (no answers or files)",
    tags: ['relief'],
    access: ['resident'],
    response: z.object({ applications: z.array(householdApplicationSchema) }),
    handler: async ({ user }) => ({
      applications: (await relief.household(signedIn(user))).map(presentHouseholdApplication),
    }),
  });

  api.route({
    method: 'post',
    path: '/me/applications/:id/withdraw',
    summary: 'Withdraw my application until it is decided (a withdrawn draft’s files are deleted)',
    tags: ['relief'],
    access: ['resident'],
    params: applicationParams,
    response: ok,
    handler: async ({ user, params }) => {
      await attachments.removeFiles(await relief.withdraw(signedIn(user), params.id));
      return { ok: true as const };
    },
  });

  api.route({
    method: 'get',
    path: '/me/applications/:id',
    summary: 'One of my applications with its history and attachments',
    tags: ['relief'],
    access: RESIDENT,
    params: applicationParams,
    response: applicationDetailSchema,
    handler: async ({ user, params }) => {
      const detail = await relief.ownDetail(selfApplicant(signedIn(user)), params.id);
      return presentDetail(detail, nextStates(detail.application.state, 'resident'));
    },
  });

  api.route({
    method: 'put',
    path: '/me/applications/:id/answers',
    summary: 'Save answers of a draft or of an application sent back for correction',
    tags: ['relief'],
    access: RESIDENT,
    params: applicationParams,
    body: answersBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      await relief.saveDraft(selfApplicant(signedIn(user)), params.id, body.answers);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'post',
    path: '/me/applications/:id/submit',
    summary: 'Submit (or resubmit after a correction request); answers are checked against the form',
    tags: ['relief'],
    access: RESIDENT,
    params: applicationParams,
    body: submitBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      await relief.submit(selfApplicant(signedIn(user)), params.id, body.answers);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'post',
    path: '/me/applications/:id/attachments',
    summary: 'Upload a photo or scan: the raw file is the request body (JPEG, PNG, HEIC or PDF, by content)',
    tags: ['relief'],
    access: RESIDENT,
    params: applicationParams,
    query: uploadQuery,
    successStatus: 201,
    response: attachmentSchema,
    handler: async ({ user, params, query, req, res }) => {
      const length = req.headers['content-length'];
      try {
        const row = await attachments.upload(signedIn(user), params.id, {
          slot: query.slot,
          fileName: query.name ?? null,
          body: req,
          declaredLength: length === undefined ? undefined : Number(length),
        });
        return presentAttachment(row);
      } catch (error) {
        // The rest of a refused body is not read: close the connection instead of draining it.
        if (!req.complete) res.setHeader('Connection', 'close');
        throw error;
      }
    },
  });

  api.route({
    method: 'delete',
    path: '/me/applications/:id/attachments/:attachmentId',
    summary: 'Remove an attachment while the application is editable',
    tags: ['relief'],
    access: RESIDENT,
    params: attachmentParams,
    response: ok,
    handler: async ({ user, params }) => {
      await attachments.remove(signedIn(user), params.id, params.attachmentId);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'get',
    path: '/me/applications/:id/attachments/:attachmentId',
    summary: 'Download one of my attachments',
    tags: ['relief'],
    access: RESIDENT,
    params: attachmentParams,
    response: z.string(),
    responseContentType: 'application/octet-stream',
    handler: async ({ user, params, res }) =>
      sendFile(
        res,
        await attachments.open(
          signedIn(user),
          params.id,
          params.attachmentId,
          'GET /api/me/applications/:id/attachments/:attachmentId',
        ),
      ),
  });

  api.route({
    method: 'get',
    path: '/me/applications/:id/certificate.pdf',
    summary: 'The issued damage certificate (PDF)',
    tags: ['relief'],
    access: RESIDENT,
    params: applicationParams,
    response: z.string(),
    responseContentType: 'application/pdf',
    handler: async ({ user, params, res }) => {
      const { number, pdf } = await certificates.forApplicant(signedIn(user), params.id);
      return sendPdf(res, number, pdf);
    },
  });

  api.route({
    method: 'get',
    path: '/relief/review-queue',
    summary:
      'Applications waiting for review in programmes I review, oldest submission first (each listed applicant’s access log records it)',
    tags: ['relief'],
    access: STAFF,
    query: queueQuery,
    response: z.object({ entries: z.array(queueEntrySchema) }),
    handler: async ({ user, query }) => {
      const rows = await relief.queue(
        signedIn(user),
        {
          programmeCode: query.programme,
          states: query.state ?? [...WAITING_STATES],
          municipalityCode: query.municipality,
          minAgeHours: query.minAgeHours,
          limit: query.limit,
          after:
            query.afterSubmittedAt && query.afterId
              ? { submittedAt: query.afterSubmittedAt, id: query.afterId }
              : undefined,
        },
        'GET /api/relief/review-queue',
      );
      return { entries: rows.map(presentQueueEntry) };
    },
  });

  api.route({
    method: 'get',
    path: '/relief/applications/:id',
    summary: 'An application for review (written to the applicant’s access log)',
    tags: ['relief'],
    access: STAFF,
    params: applicationParams,
    response: applicationDetailSchema,
    handler: async ({ user, params }) => {
      const detail = await relief.reviewDetail(signedIn(user), params.id, 'GET /api/relief/applications/:id');
      const steps = mayReview(signedIn(user), detail.programme)
        ? nextStates(detail.application.state, 'reviewer', detail.programme.outcome)
        : [];
      return presentDetail(detail, steps);
    },
  });

  api.route({
    method: 'post',
    path: '/relief/applications/:id/decision',
    summary: 'Move an application: start review, request a correction, approve, reject, mark issued or paid',
    tags: ['relief'],
    access: STAFF,
    params: applicationParams,
    body: decisionBody,
    response: ok,
    handler: async ({ user, params, body }) => {
      await relief.decide(signedIn(user), params.id, body);
      return { ok: true as const };
    },
  });

  api.route({
    method: 'get',
    path: '/relief/applications/:id/attachments/:attachmentId',
    summary: 'An attachment for review (written to the applicant’s access log)',
    tags: ['relief'],
    access: STAFF,
    params: attachmentParams,
    response: z.string(),
    responseContentType: 'application/octet-stream',
    handler: async ({ user, params, res }) =>
      sendFile(
        res,
        await attachments.open(
          signedIn(user),
          params.id,
          params.attachmentId,
          'GET /api/relief/applications/:id/attachments/:attachmentId',
        ),
      ),
  });

  api.route({
    method: 'get',
    path: '/relief/applications/:id/certificate.pdf',
    summary: 'The issued certificate, for review (access-logged)',
    tags: ['relief'],
    access: STAFF,
    params: applicationParams,
    response: z.string(),
    responseContentType: 'application/pdf',
    handler: async ({ user, params, res }) => {
      const { number, pdf } = await certificates.forReviewer(
        signedIn(user),
        params.id,
        'GET /api/relief/applications/:id/certificate.pdf',
      );
      return sendPdf(res, number, pdf);
    },
  });
}
