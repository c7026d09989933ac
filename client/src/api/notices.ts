import { api, request } from './http';
import type { DamageFilter, HouseholdMember, WhereaboutsFilter } from '@contract/notices/notices.attributes';

export { DAMAGE_FILTERS, HOUSEHOLD_MEMBERS, WHEREABOUTS_FILTERS } from '@contract/notices/notices.attributes';
export type { DamageFilter, HouseholdMember, WhereaboutsFilter };

/** Every criterion optional; the given ones must all hold (see docs/notices.md). */
export interface NoticeTargeting {
  municipalityCodes?: string[];
  /** Closed rings of [lon, lat]. */
  polygons?: [number, number][][];
  ageMin?: number;
  ageMax?: number;
  householdHas?: HouseholdMember[];
  whereabouts?: WhereaboutsFilter[];
  houseDamage?: DamageFilter[];
}

export interface NoticeText {
  title: string;
  body: string;
}

export interface NoticeDraftBody {
  texts: { ja: NoticeText; en?: NoticeText };
  link?: string;
  endsAt: string;
  targeting: NoticeTargeting;
}

export interface PersonalDataProblem {
  field: string;
  kind: string;
}

export interface NoticePreview {
  total: number;
  withAccount: number;
  personalData: PersonalDataProblem[];
}

export interface SentNotice {
  id: string;
  texts: { ja: NoticeText; en: NoticeText | null };
  link: string | null;
  startsAt: string;
  endsAt: string;
  active: boolean;
  targeting: NoticeTargeting;
  createdAt: string;
  stats: { targeted: number; delivered: number; read: number };
}

export interface NoticeSettings {
  noticeConsent: boolean;
  homeMunicipalityCode: string | null;
  livesNow: {
    municipalityCode: string;
    municipalityName: string;
    address: string | null;
    inRegion: boolean;
    updatedAt: string | null;
  } | null;
  evacuatedOutside: boolean;
}

export interface NoticeSettingsInput {
  noticeConsent: boolean;
  livesNow: { municipalityCode: string; municipalityName?: string; address?: string } | null;
}

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
