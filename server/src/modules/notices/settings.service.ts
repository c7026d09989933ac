import type { Database } from '../../db/database.js';
import { badRequest, notFound } from '../../http/errors.js';
import { NOT_A_RESIDENT, requireResident } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { NoticeSettingsInput } from '@contract/notices/notices.schema.js';
import {
  findNoticeSettings,
  municipalityName,
  saveNoticeSettings,
  type NoticeSettingsRow,
} from './settings.queries.js';

const residentOf = (user: SessionUser) => requireResident(user, NOT_A_RESIDENT.resident).residentId;

/**
 * JIS X 0402 without the check digit: prefecture 01–47, then a municipality number (000 is the
 * prefecture itself). Enough to refuse typos without a national list.
 */
function plausibleJisCode(code: string): boolean {
  const prefecture = Number(code.slice(0, 2));
  return prefecture >= 1 && prefecture <= 47 && code.slice(2) !== '000';
}

/** A resident's own notice settings: consent and where they live now. */
export class NoticeSettingsService {
  constructor(private readonly db: Database) {}

  async get(user: SessionUser): Promise<NoticeSettingsRow> {
    const row = await findNoticeSettings(this.db, residentOf(user));
    if (!row) throw notFound('Resident');
    return row;
  }

  async save(user: SessionUser, input: NoticeSettingsInput): Promise<NoticeSettingsRow> {
    const residentId = residentOf(user);
    let livesNow: { code: string; name: string; address: string | null } | null = null;
    if (input.livesNow) {
      const { municipalityCode: code, municipalityName: givenName, address } = input.livesNow;
      const known = await municipalityName(this.db, code);
      if (!known) await this.checkOutsideRegion(code, givenName);
      livesNow = { code, name: known ?? givenName!, address: address ?? null };
    }
    await saveNoticeSettings(this.db, residentId, { noticeConsent: input.noticeConsent, livesNow });
    return this.get(user);
  }

  /** Outside the list we trust the code's shape and need a name; inside its prefecture, no guessing. */
  private async checkOutsideRegion(code: string, name: string | undefined): Promise<void> {
    if (!plausibleJisCode(code)) {
      throw badRequest('lives_now_municipality_invalid', `${code} is not a municipality code.`);
    }
    const { rows } = await this.db.query<{ listed: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM municipalities WHERE left(code, 2) = left($1, 2)) AS listed',
      [code],
    );
    if (rows[0]?.listed) {
      throw badRequest(
        'lives_now_municipality_unknown',
        `${code} is not one of this prefecture's municipalities; pick it from the list.`,
      );
    }
    if (!name) {
      throw badRequest(
        'lives_now_name_required',
        'Give the municipality name with a code from outside the region.',
      );
    }
  }
}
