import type { Queryable } from '../../db/database.js';

export interface NoticeSettingsRow {
  notice_consent: boolean;
  home_municipality_code: string | null;
  lives_now_municipality_code: string | null;
  lives_now_municipality_name: string | null;
  lives_now_address: string | null;
  lives_now_updated_at: Date | null;
  in_region: boolean;
  evacuated_outside: boolean;
}

/** The same "evacuated outside" rule as targeting (notices.targeting.ts). */
const SETTINGS = `
  SELECT r.notice_consent, r.home_municipality_code, r.lives_now_municipality_code,
         r.lives_now_municipality_name, r.lives_now_address, r.lives_now_updated_at,
         EXISTS (SELECT 1 FROM municipalities m WHERE m.code = r.lives_now_municipality_code) AS in_region,
         (w.place = 'evacuated_outside' OR (r.lives_now_municipality_code IS NOT NULL
           AND r.lives_now_municipality_code IS DISTINCT FROM r.home_municipality_code)) IS TRUE AS evacuated_outside
  FROM residents r LEFT JOIN whereabouts_current w ON w.resident_id = r.id`;

export async function findNoticeSettings(
  db: Queryable,
  residentId: string,
): Promise<NoticeSettingsRow | undefined> {
  const { rows } = await db.query<NoticeSettingsRow>(`${SETTINGS} WHERE r.id = $1`, [residentId]);
  return rows[0];
}

export async function municipalityName(db: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM municipalities WHERE code = $1', [
    code,
  ]);
  return rows[0]?.name;
}

export async function saveNoticeSettings(
  db: Queryable,
  residentId: string,
  settings: {
    noticeConsent: boolean;
    livesNow: { code: string; name: string; address: string | null } | null;
  },
): Promise<void> {
  await db.query(
    `UPDATE residents SET notice_consent = $2,
       lives_now_municipality_code = $3, lives_now_municipality_name = $4, lives_now_address = $5,
       lives_now_updated_at = CASE
         WHEN (lives_now_municipality_code, lives_now_municipality_name, lives_now_address)
              IS NOT DISTINCT FROM ($3::char(5), $4::text, $5::text) THEN lives_now_updated_at
         ELSE now() END
     WHERE id = $1`,
    [
      residentId,
      settings.noticeConsent,
      settings.livesNow?.code ?? null,
      settings.livesNow?.name ?? null,
      settings.livesNow?.address ?? null,
    ],
  );
}
