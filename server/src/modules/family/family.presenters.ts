import type { z } from 'zod';
import type { WhereaboutsHistoryRow } from '../whereabouts/whereabouts.history.js';
import type { MemberRow } from './family.queries.js';
import type { familyMember, historyEntry, whereaboutsView } from '@contract/family/family.schema.js';

const municipality = (code: string | null, name: string | null) =>
  code ? { code: code.trim(), name } : null;

/**
 * Who reads a report. Notes staff write with a report are for staff: the person, their household
 * and their designees see the report without them.
 */
export type NoteAudience = 'staff' | 'resident';

const noteFor = (note: string | null, source: string | null, audience: NoteAudience) =>
  audience === 'resident' && source === 'staff' ? null : note;

export function presentWhereabouts(
  row: MemberRow,
  audience: NoteAudience,
): z.input<typeof whereaboutsView> | null {
  if (!row.place || !row.source || !row.occurred_at) return null;
  return {
    place: row.place,
    shelter: row.shelter_id
      ? { id: row.shelter_id, name: row.shelter_name ?? '', address: row.shelter_address }
      : null,
    stayType: row.stay_type,
    municipality: municipality(row.municipality_code, row.municipality_name),
    safety: row.safety,
    source: row.source,
    reportedAt: row.occurred_at.toISOString(),
    note: noteFor(row.note, row.source, audience),
  };
}

/** A member as a resident sees them (own list, household, designees). */
export function presentMember(row: MemberRow): z.input<typeof familyMember> {
  return {
    residentId: row.id,
    familyName: row.family_name,
    givenName: row.given_name,
    relation: row.relation,
    minor: row.minor,
    whereabouts: presentWhereabouts(row, 'resident'),
  };
}

export function presentHistory(
  row: WhereaboutsHistoryRow,
  audience: NoteAudience,
): z.input<typeof historyEntry> {
  return {
    place: row.place,
    shelterName: row.shelter_name,
    stayType: row.stay_type,
    municipality: municipality(row.municipality_code, row.municipality_name),
    safety: row.safety,
    source: row.source,
    note: noteFor(row.note, row.source, audience),
    occurredAt: row.occurred_at.toISOString(),
    late: row.late,
  };
}
