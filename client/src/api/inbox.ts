import type { z } from 'zod';
import type { inboxEntrySchema, inboxPageSchema, inboxResponse } from '@contract/inbox/inbox.schema';
import { api } from './http';

export type { InboxAck, InboxNewEvent } from '@contract/events';

/** Inbox shapes come from the server's own response schema, so the two cannot drift apart. */
export type InboxResponse = z.output<typeof inboxResponse>;
export type InboxEntry = z.output<typeof inboxEntrySchema>;
export type InboxAlertText = NonNullable<InboxEntry['alert']>;
/** A notice's text in the reader's language (kind 'notice'). */
export type InboxNoticeText = NonNullable<InboxEntry['notice']>;
/** A relief application changed state (kind 'application'). */
export type InboxApplicationChange = NonNullable<InboxEntry['application']>;

export type InboxPage = z.output<typeof inboxPageSchema>;

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
