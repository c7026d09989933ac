import { api } from './http';

export type { InboxAck, InboxNewEvent } from '../../../server/src/realtime/events';

export type InboxResponse = 'safe' | 'need_help' | 'evacuating';

export interface InboxAlertText {
  msgType: string;
  status: string;
  sent: string;
  expires: string | null;
  active: boolean;
  language: string | null;
  event: string | null;
  urgency: string | null;
  severity: string | null;
  certainty: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
}

/** A notice's text in the reader's language (kind 'notice'). */
export interface InboxNoticeText {
  language: string;
  title: string;
  body: string;
  link: string | null;
  startsAt: string;
  endsAt: string;
}

export interface InboxEntry {
  position: number;
  kind: 'alert' | 'notice' | 'application';
  action: 'alert' | 'update' | 'cancel' | null;
  alertId: string | null;
  noticeId: string | null;
  createdAt: string;
  deliveredAt: string | null;
  readAt: string | null;
  response: InboxResponse | null;
  respondedAt: string | null;
  responseNote: string | null;
  alert: InboxAlertText | null;
  /** kind 'notice': the notice's text in the reader's language. */
  notice?: InboxNoticeText | null;
  /** kind 'application': a relief application changed state. */
  application?: InboxApplicationChange | null;
}

export interface InboxApplicationChange {
  applicationId: string;
  programmeCode: string;
  state: string;
  reason: string | null;
  fields: string[];
}

export interface InboxPage {
  entries: InboxEntry[];
  /** The highest position returned, or `after` when the page is empty. */
  last: number;
}

export interface InboxAnswer {
  response: InboxResponse;
  note?: string;
  location?: { lat: number; lon: number };
}

export function fetchInboxPage(after: number, signal?: AbortSignal): Promise<InboxPage> {
  return api.get<InboxPage>(`/api/me/inbox?after=${after}&limit=100`, { signal });
}

export function fetchInboxEntry(
  position: number,
  signal?: AbortSignal,
): Promise<{ entry: InboxEntry; area: GeoJSON.MultiPolygon | null }> {
  return api.get(`/api/me/inbox/${position}`, { signal });
}

/** REST fallbacks for the socket receipts; all are idempotent on the server. */
export function postDelivered(position: number): Promise<unknown> {
  return api.post(`/api/me/inbox/${position}/delivered`);
}

export function postRead(position: number): Promise<unknown> {
  return api.post(`/api/me/inbox/${position}/read`);
}

export function postRespond(position: number, answer: InboxAnswer): Promise<unknown> {
  return api.post(`/api/me/inbox/${position}/respond`, answer);
}
