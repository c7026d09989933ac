import type { z } from 'zod';
import { presentPersonIdentity } from '@contract/people/person-identity.js';
import type { OccupantRow, ShelterDetailRow, TapLogRow } from './console.queries.js';
import type { occupantSchema, shelterDetail, tapLogEntry } from '@contract/console/console.schema.js';

type CareNeed = z.input<typeof occupantSchema>['careNeeds'][number];

export function presentShelter(row: ShelterDetailRow): z.input<typeof shelterDetail> {
  return {
    id: row.id,
    name: row.name,
    nameKana: row.name_kana,
    kind: row.kind,
    address: row.address,
    municipality: { code: row.municipality_code.trim(), name: row.municipality_name },
    location: { lon: row.lon, lat: row.lat },
    hazards: row.hazards,
    capacity: { indoor: row.capacity_indoor, outdoor: row.capacity_outdoor },
    occupancy: { total: row.occupancy, day: row.occupancy_day, overnight: row.occupancy_overnight },
    occupancyUpdatedAt: row.occupancy_updated_at?.toISOString() ?? null,
    status: row.status,
    fullThresholdPercent: row.full_threshold_percent,
    specialCareInside: row.special_care_inside,
  };
}

export function presentOccupant(row: OccupantRow): z.input<typeof occupantSchema> {
  return {
    residentId: row.resident_id,
    ...presentPersonIdentity(row),
    language: row.language,
    careNeeds: row.care_needs as CareNeed[],
    stayType: row.stay_type,
    since: row.since.toISOString(),
    source: row.source,
    safety: row.safety,
  };
}

export function presentTap(row: TapLogRow): z.input<typeof tapLogEntry> {
  return {
    eventId: row.event_id,
    readerId: row.reader_id,
    readerName: row.reader_name,
    outcome: row.outcome,
    errorId: row.error_id,
    tappedAt: row.tapped_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    residentId: row.resident_id,
    displayName: row.display_name,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    occupancyAfter: row.occupancy_after,
  };
}

export const asCareNeeds = (needs: string[]) => needs as CareNeed[];
