import { z } from 'zod';
import type { ApiRouter } from '../../http/route.js';
import { requireResident } from '../../policies/index.js';
import { sessionIdFromCookieHeader } from '../auth/auth.middleware.js';
import type { FamilyService } from './family.service.js';
import {
  familyMemberDetail,
  familyReportBody,
  familyResponse,
  privacyPatch,
  privacySettings,
  reportResult,
  residentIdParams,
  selfReportBody,
} from '@contract/family/family.schema.js';
import type { ReportService } from './reports.service.js';

/** The resident portal: my family, my reports, my privacy settings. */
export function familyRoutes(api: ApiRouter, family: FamilyService, reports: ReportService): void {
  api.route({
    method: 'get',
    path: '/me/family',
    summary:
      'Me, my household and the people who named me as designee, with current whereabouts (each view is logged)',
    tags: ['family'],
    access: 'user',
    response: familyResponse,
    // The session is resolved by the statement that reads the family (one round trip).
    resolvesSessionItself: true,
    handler: ({ req }) => family.listForSession(sessionIdFromCookieHeader(req.headers.cookie)),
  });

  api.route({
    method: 'get',
    path: '/me/family/:residentId',
    summary: 'One person I may see, with recent history; 404 for anyone else (logged)',
    tags: ['family'],
    access: 'user',
    params: residentIdParams,
    response: familyMemberDetail,
    handler: ({ user, params }) => family.member(requireResident(user), params.residentId),
  });

  api.route({
    method: 'post',
    path: '/me/report',
    summary: "Report my own state: I'm safe, I need help (note, shared position with consent), I am at …",
    tags: ['family'],
    access: 'user',
    body: selfReportBody,
    response: reportResult,
    handler: ({ user, body }) => reports.selfReport(requireResident(user), body),
  });

  api.route({
    method: 'post',
    path: '/me/family/:residentId/report',
    summary: 'Report the state of a family member I may see (recorded as a family report)',
    tags: ['family'],
    access: 'user',
    params: residentIdParams,
    body: familyReportBody,
    response: reportResult,
    handler: ({ user, params, body }) => reports.familyReport(requireResident(user), params.residentId, body),
  });

  api.route({
    method: 'get',
    path: '/me/privacy',
    summary: 'Who may see my whereabouts, and my consent to disclosure (PFIF)',
    tags: ['family'],
    access: 'user',
    response: privacySettings,
    handler: ({ user }) => family.privacy(requireResident(user).residentId),
  });

  api.route({
    method: 'patch',
    path: '/me/privacy',
    summary:
      'Change who may see my whereabouts (household, designees, both, nobody) or my disclosure consent',
    tags: ['family'],
    access: 'user',
    body: privacyPatch,
    response: privacySettings,
    handler: ({ user, body }) => family.updatePrivacy(requireResident(user).residentId, body),
  });
}

export const _schemas = { z };
