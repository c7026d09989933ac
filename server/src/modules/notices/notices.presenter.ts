import type { z } from 'zod';
import type { NoticeRow } from './notices.queries.js';
import type { noticeSchema, noticeSettingsSchema } from '@contract/notices/notices.schema.js';
import type { NoticeSettingsRow } from './settings.queries.js';

export function presentNotice(row: NoticeRow): z.input<typeof noticeSchema> {
  const text = (language: string) => {
    const found = row.texts.find((t) => t.language === language);
    return found ? { title: found.title, body: found.body } : null;
  };
  return {
    id: row.id,
    texts: { ja: text('ja') ?? { title: '', body: '' }, en: text('en') },
    link: row.link,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    active: row.starts_at.getTime() <= Date.now() && row.ends_at.getTime() > Date.now(),
    targeting: row.targeting,
    createdAt: row.created_at.toISOString(),
    stats: { targeted: row.targeted, delivered: row.delivered, read: row.read },
  };
}

export function presentNoticeSettings(row: NoticeSettingsRow): z.input<typeof noticeSettingsSchema> {
  return {
    noticeConsent: row.notice_consent,
    homeMunicipalityCode: row.home_municipality_code,
    livesNow:
      row.lives_now_municipality_code && row.lives_now_municipality_name
        ? {
            municipalityCode: row.lives_now_municipality_code,
            municipalityName: row.lives_now_municipality_name,
            address: row.lives_now_address,
            inRegion: row.in_region,
            updatedAt: row.lives_now_updated_at?.toISOString() ?? null,
          }
        : null,
    evacuatedOutside: row.evacuated_outside,
  };
}
