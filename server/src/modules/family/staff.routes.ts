import { signedIn } from '../../http/access.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ, STAFF } from '../../policies/index.js';
import {
  reportResult,
  residentIdParams,
  staffLookupQuery,
  staffReportBody,
} from '@contract/family/family.schema.js';
import type { LookupService } from './lookup.service.js';
import {
  profileResponse,
  unaccountedByMunicipalityQuery,
  unaccountedByPolygonBody,
  unaccountedResponse,
} from '@contract/family/lookup.schema.js';
import type { ReportService } from './reports.service.js';

/**
 * Staff and HQ looking people up and reporting for them. Registered after /people/search so that
 * literal paths win over /people/:residentId.
 */
export function staffLookupRoutes(api: ApiRouter, lookup: LookupService, reports: ReportService): void {
  api.route({
    method: 'get',
    path: '/people/unaccounted',
    summary:
      'HQ: residents of a municipality not heard of since the incident started (purpose required, logged)',
    tags: ['people'],
    access: HQ,
    query: unaccountedByMunicipalityQuery,
    response: unaccountedResponse,
    handler: ({ user, query }) =>
      lookup.unaccounted(signedIn(user), {
        ...query,
        area: { municipality: query.municipality },
        via: 'GET /api/people/unaccounted',
      }),
  });

  api.route({
    method: 'post',
    path: '/people/unaccounted',
    summary: 'HQ: residents whose home is inside a polygon, not heard of since the incident started (logged)',
    tags: ['people'],
    access: HQ,
    body: unaccountedByPolygonBody,
    response: unaccountedResponse,
    handler: ({ user, body }) =>
      lookup.unaccounted(signedIn(user), {
        ...body,
        area: { polygon: body.polygon },
        via: 'POST /api/people/unaccounted',
      }),
  });

  api.route({
    method: 'get',
    path: '/people/:residentId',
    summary:
      "A person's profile and whereabouts history; purpose required unless they are in your shelter (logged)",
    tags: ['people'],
    access: STAFF,
    params: residentIdParams,
    query: staffLookupQuery,
    response: profileResponse,
    handler: ({ user, params, query }) => lookup.profile(signedIn(user), params.residentId, query),
  });

  api.route({
    method: 'post',
    path: '/people/:residentId/report',
    summary: "Report a person's state on their behalf (recorded as staff; purpose required, logged)",
    tags: ['people'],
    access: STAFF,
    params: residentIdParams,
    body: staffReportBody,
    response: reportResult,
    handler: ({ user, params, body }) => reports.staffReport(signedIn(user), params.residentId, body),
  });
}
