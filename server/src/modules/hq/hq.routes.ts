import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import { HQ } from '../../policies/index.js';
import { heatQuery, heatResponse, hqTotals, timelineResponse } from '@contract/hq/hq.schema.js';
import type { HqService } from './hq.service.js';
import type { NanaoTimeline } from './hq.timeline.js';

export function hqRoutes(
  api: ApiRouter,
  deps: { db: Database; hq: HqService; timeline: NanaoTimeline },
): void {
  api.route({
    method: 'get',
    path: '/hq/totals',
    summary: 'HQ: people in shelters, at home, evacuated outside, unaccounted; shelters open and full',
    tags: ['hq'],
    access: HQ,
    response: hqTotals,
    handler: () => deps.hq.totals(),
  });

  api.route({
    method: 'get',
    path: '/hq/unaccounted-heat',
    summary: 'HQ: unaccounted registered residents inside each active warning, counted per grid cell',
    tags: ['hq'],
    access: HQ,
    query: heatQuery,
    response: heatResponse,
    handler: ({ query }) => deps.hq.unaccountedHeat(query.cellMeters),
  });

  api.route({
    method: 'get',
    path: '/hq/timeline',
    summary: "HQ: Nanao city's 2024 occupancy snapshots per shelter of this system, for the replay slider",
    tags: ['hq'],
    access: HQ,
    response: timelineResponse,
    handler: () => deps.timeline.build(deps.db),
  });
}
