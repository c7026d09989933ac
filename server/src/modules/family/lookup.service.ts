import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { mayLookUpWithoutPurpose } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import { recordAccess } from '../audit/record-access.js';
import { presentPersonIdentity, presentPersonName } from '@contract/people/person-identity.js';
import { listWhereaboutsHistory } from '../whereabouts/whereabouts.history.js';
import { personNotFound, viewerOf } from './family.service.js';
import { presentHistory, presentWhereabouts } from './family.presenters.js';
import { visibleMembers } from './family.queries.js';
import { findIncident, findProfile, isValidArea, listUnaccounted } from './lookup.queries.js';
import type { areaPolygon, profileResponse, unaccountedResponse } from '@contract/family/lookup.schema.js';

export const PROFILE_VIA = 'GET /api/people/:residentId';

const purposeRequired = () =>
  badRequest(
    'purpose_required',
    'Say why you look this person up (purpose); it is shown to them in their access log.',
  );

/** Staff and HQ looking people up: each lookup is logged with its purpose. */
export class LookupService {
  constructor(private readonly db: Database) {}

  /**
   * A person's profile and whereabouts history. Staff may skip the purpose only for someone now
   * in one of their own shelters; everyone else must give one.
   */
  async profile(
    user: SessionUser,
    residentId: string,
    options: { purpose?: string | undefined; historyLimit: number },
  ): Promise<z.input<typeof profileResponse>> {
    return this.db.transaction(async (tx) => {
      const row = await findProfile(tx, residentId);
      if (!row) throw personNotFound();
      if (!options.purpose && !mayLookUpWithoutPurpose(user, row.current_shelter_id)) throw purposeRequired();
      const [current] = await visibleMembers(tx, residentId, residentId);
      const history = await listWhereaboutsHistory(tx, residentId, options.historyLimit);
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: [residentId],
        action: 'view_profile',
        purpose: options.purpose ?? null,
        via: PROFILE_VIA,
      });
      return {
        id: row.id,
        ...presentPersonIdentity(row),
        homeAddress: row.home_address,
        homeMunicipality: row.home_municipality_code
          ? { code: row.home_municipality_code.trim(), name: row.home_municipality_name }
          : null,
        careNeeds: row.care_needs,
        whereabouts: current ? presentWhereabouts(current, 'staff') : null,
        history: history.map((entry) => presentHistory(entry, 'staff')),
      };
    });
  }

  /** Residents of an area not heard of since the incident started, a page at a time; logged. */
  async unaccounted(
    user: SessionUser,
    input: {
      area: { municipality: string } | { polygon: z.output<typeof areaPolygon> };
      incidentId?: string | undefined;
      after?: string | undefined;
      limit: number;
      purpose: string;
      via: string;
    },
  ): Promise<z.input<typeof unaccountedResponse>> {
    const area = 'municipality' in input.area ? input.area : { geojson: JSON.stringify(input.area.polygon) };
    return this.db.transaction(async (tx) => {
      const incident = await findIncident(tx, input.incidentId);
      if (!incident) {
        if (input.incidentId) throw notFound('Incident');
        throw conflict('no_active_incident', 'No incident is active; name one with incidentId.');
      }
      if ('geojson' in area && !(await isValidArea(tx, area.geojson))) {
        throw badRequest('invalid_polygon', 'The polygon is not valid (self-intersecting or degenerate).');
      }
      const rows = await listUnaccounted(tx, {
        area,
        since: incident.started_at,
        after: input.after,
        limit: input.limit + 1,
      });
      const page = rows.slice(0, input.limit);
      await recordAccess(tx, {
        viewer: viewerOf(user),
        subjectResidentIds: page.map((row) => row.id),
        action: 'list_unaccounted',
        purpose: input.purpose,
        via: input.via,
      });
      return {
        incident: { id: incident.id, name: incident.name, startedAt: incident.started_at.toISOString() },
        people: page.map((row) => ({
          id: row.id,
          ...presentPersonName(row),
          homeAddress: row.home_address,
          careNeeds: row.care_needs,
        })),
        next: rows.length > input.limit ? page.at(-1)!.id : null,
      };
    });
  }
}
