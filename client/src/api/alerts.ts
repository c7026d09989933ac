import type { CapAlertInput, CapArea } from '@geo/src/cap/cap.schema';
import type { AlertNeedHelpEvent } from '@contract/events';
import { api } from './http';

export type { AlertIssuedEvent, AlertNeedHelpEvent, AlertStatsEvent } from '@contract/events';

/** The request side of a CAP area: the server fills in the empty shape lists itself. */
export type CapAreaInput = Pick<CapArea, 'areaDesc'> &
  Partial<Pick<CapArea, 'polygon' | 'circle' | 'geocode'>>;

export interface AlertPreview {
  /** People targeted, each counted once. */
  total: number;
  home: number;
  shelter: number;
  live: number;
}

export interface AlertSummary {
  id: string;
  identifier: string;
  sender: string;
  sent: string;
  status: string;
  msgType: string;
  scope: string;
  references: string | null;
  lineageId: string;
  incidentId: string | null;
  origin: 'composed' | 'imported';
  expires: string | null;
  supersededBy: string | null;
  cancelled: boolean;
  active: boolean;
  targeted: number;
  headline: string | null;
  createdAt: string;
}

export interface AlertStats {
  targeted: number;
  delivered: number;
  read: number;
  responded: number;
  needHelp: number;
}

export interface AlertDetail extends AlertSummary {
  cap: CapAlertInput;
  areas: { info: number; areaDesc: string; footprint: GeoJSON.MultiPolygon | null }[];
  stats: AlertStats;
}

export interface IssueResult {
  alert: AlertSummary;
  targeted: number;
  pushed: number;
}

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
