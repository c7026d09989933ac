import { api, request } from './http';
import type { DamageFilter, HouseholdMember, WhereaboutsFilter } from '@contract/notices/notices.attributes';
import type { z } from 'zod';
import type {
  noticeSchema,
  noticeSettingsSchema,
  previewNoticeResponse,
} from '@contract/notices/notices.schema';
import type {
  composeNoticeBody,
  noticeSettingsBody,
  targetingSchema,
} from '@contract/notices/notices.schema';

export { DAMAGE_FILTERS, HOUSEHOLD_MEMBERS, WHEREABOUTS_FILTERS } from '@contract/notices/notices.attributes';
export type { DamageFilter, HouseholdMember, WhereaboutsFilter };

/** Every criterion optional; the given ones must all hold (see docs/notices.md). */
export type NoticeTargeting = z.input<typeof targetingSchema>;

export interface NoticeText {
  title: string;
  body: string;
}

export type NoticeDraftBody = z.input<typeof composeNoticeBody>;

export interface PersonalDataProblem {
  field: string;
  kind: string;
}

export type NoticePreview = z.output<typeof previewNoticeResponse>;

export type SentNotice = z.output<typeof noticeSchema>;

export type NoticeSettings = z.output<typeof noticeSettingsSchema>;

export type NoticeSettingsInput = z.input<typeof noticeSettingsBody>;

export function previewNotice(
  targeting: NoticeTargeting,
  texts: Partial<Record<'ja' | 'en', Partial<NoticeText>>>,
  signal?: AbortSignal,
): Promise<NoticePreview> {
  return api.post('/api/notices/preview', { targeting, texts }, { signal });
}

export function sendNotice(
  body: NoticeDraftBody,
): Promise<{ notice: SentNotice; targeted: number; pushed: number }> {
  return api.post('/api/notices', body);
}

export async function listNotices(signal?: AbortSignal): Promise<SentNotice[]> {
  return (await api.get<{ notices: SentNotice[] }>('/api/notices?limit=50', { signal })).notices;
}

export function fetchNoticeSettings(signal?: AbortSignal): Promise<NoticeSettings> {
  return api.get('/api/me/notice-settings', { signal });
}

export function saveNoticeSettings(input: NoticeSettingsInput): Promise<NoticeSettings> {
  return request('PUT', '/api/me/notice-settings', { body: input });
}
