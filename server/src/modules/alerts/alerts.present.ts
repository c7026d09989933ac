/** Alert rows as the API shows them (shapes in the contract: @contract/alerts/alerts.schema). */
import type { z } from 'zod';
import type { alertDetailSchema, alertSummarySchema } from '@contract/alerts/alerts.schema.js';
import type { AlertRow, AreaRow } from './alerts.queries.js';

export function isActive(row: AlertRow, now = Date.now()): boolean {
  return (
    row.superseded_by === null &&
    !row.cancelled &&
    row.msg_type !== 'Cancel' &&
    row.status !== 'Draft' &&
    (row.expires === null || row.expires.getTime() > now)
  );
}

export function presentAlert(row: AlertRow): z.input<typeof alertSummarySchema> {
  const info =
    row.document.info.find((i) => i.language.toLowerCase().startsWith('ja')) ?? row.document.info[0];
  return {
    id: row.id,
    identifier: row.identifier,
    sender: row.sender,
    sent: row.document.sent,
    status: row.status,
    msgType: row.msg_type,
    scope: row.scope,
    references: row.references_text,
    lineageId: row.lineage_id,
    incidentId: row.incident_id,
    origin: row.origin,
    expires: row.expires?.toISOString() ?? null,
    supersededBy: row.superseded_by,
    cancelled: row.cancelled,
    active: isActive(row),
    targeted: row.targeted,
    headline: info?.headline ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentAreas(rows: AreaRow[]): z.input<typeof alertDetailSchema>['areas'] {
  return rows.map((row) => ({
    info: row.info_position,
    areaDesc: row.area_desc,
    footprint: row.footprint ? (JSON.parse(row.footprint) as Record<string, unknown>) : null,
  }));
}
