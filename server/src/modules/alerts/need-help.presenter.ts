import type { AlertNeedHelpEvent } from '../../realtime/events.js';
import type { NeedHelpRow } from './need-help.queries.js';

/** A need-help response as HQ sees it: the same shape in the list and in live pins. */
export function presentNeedHelp(row: NeedHelpRow, state?: AlertNeedHelpEvent['state']): AlertNeedHelpEvent {
  return {
    alertId: row.alert_id,
    position: row.position,
    residentId: row.resident_id,
    name: `${row.family_name} ${row.given_name}`,
    note: row.note,
    location:
      row.lat !== null && row.lon !== null && row.location_source
        ? { lat: row.lat, lon: row.lon, source: row.location_source }
        : null,
    respondedAt: row.responded_at.toISOString(),
    assignedTo: row.assigned_to,
    state: state ?? (row.resolved_at ? 'resolved' : 'open'),
  };
}
