import type { CapAlertInput, CapArea } from '@geo/src/cap/cap.schema';
import type { AlertNeedHelpEvent, AlertStatsEvent } from '@contract/events';
import { api } from './http';
import type { z } from 'zod';
import type {
  alertDetailSchema,
  alertSummarySchema,
  issueResponse,
  previewResponse,
} from '@contract/alerts/alerts.schema';

export type { AlertIssuedEvent, AlertNeedHelpEvent, AlertStatsEvent } from '@contract/events';

/** The request side of a CAP area: the server fills in the empty shape lists itself. */
export type CapAreaInput = Pick<CapArea, 'areaDesc'> &
  Partial<Pick<CapArea, 'polygon' | 'circle' | 'geocode'>>;

export type AlertPreview = z.output<typeof previewResponse>;

export type AlertSummary = z.output<typeof alertSummarySchema>;

/** A warning's live counts, as `alert:stats` carries them. */
export type AlertStats = Omit<AlertStatsEvent, 'alertId' | 'at'>;

/** The server's schema describes the CAP document and the footprints loosely; their shapes are these. */
export type AlertDetail = Omit<z.output<typeof alertDetailSchema>, 'cap' | 'areas'> & {
  cap: CapAlertInput;
  areas: { info: number; areaDesc: string; footprint: GeoJSON.MultiPolygon | null }[];
};

export type IssueResult = z.output<typeof issueResponse>;

/** The need-help list entry has the same shape as the live pin event. */
export type NeedHelp = AlertNeedHelpEvent;

export function previewAlert(area: CapAreaInput[], signal?: AbortSignal): Promise<AlertPreview> {
  return api.post<AlertPreview>('/api/alerts/preview', { area }, { signal });
}

export function issueAlert(alert: CapAlertInput): Promise<IssueResult> {
  return api.post<IssueResult>('/api/alerts', alert);
}

/** Newest first; `active: false` lists every message, including superseded and cancelled ones. */
export async function fetchAlerts(
  active: boolean,
  limit: number,
  signal?: AbortSignal,
): Promise<AlertSummary[]> {
  const body = await api.get<{ alerts: AlertSummary[] }>(`/api/alerts?active=${active}&limit=${limit}`, {
    signal,
  });
  return body.alerts;
}

export function fetchAlert(id: string, signal?: AbortSignal): Promise<AlertDetail> {
  return api.get<AlertDetail>(`/api/alerts/${encodeURIComponent(id)}`, { signal });
}

/** Open calls only; each read is written to the access log on the server. */
export async function fetchNeedHelp(alertId: string, signal?: AbortSignal): Promise<NeedHelp[]> {
  const body = await api.get<{ needHelp: NeedHelp[] }>(
    `/api/alerts/${encodeURIComponent(alertId)}/need-help`,
    { signal },
  );
  return body.needHelp;
}

export function assignNeedHelp(alertId: string, position: number): Promise<NeedHelp> {
  return api.post<NeedHelp>(`/api/alerts/${encodeURIComponent(alertId)}/need-help/${position}/assign`, {});
}

export function resolveNeedHelp(alertId: string, position: number): Promise<NeedHelp> {
  return api.post<NeedHelp>(`/api/alerts/${encodeURIComponent(alertId)}/need-help/${position}/resolve`);
}
