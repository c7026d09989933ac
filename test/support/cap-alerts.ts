import { randomUUID } from 'node:crypto';
import { formatCapDateTime } from '../../geo/src/cap/cap.datetime.js';
import { capAlertSchema } from '../../geo/src/cap/cap.schema.js';
import type { Queryable } from '../../server/src/db/database.js';
import { insertAlert } from '../../server/src/modules/alerts/alerts.queries.js';

/**
 * A bilingual evacuation order over one CAP polygon, as HQ composes it: the body for
 * `POST /api/alerts`. `over` replaces top-level fields (msgType, references, …).
 */
export interface CapAlertBody {
  identifier: string;
  sender: string;
  sent: string;
  [field: string]: unknown;
}

export function evacuationOrder(
  polygon: string,
  options: { expires?: Date; over?: Record<string, unknown> } = {},
): CapAlertBody {
  const expires = options.expires ?? new Date(Date.now() + 3_600_000);
  return {
    identifier: `test-${randomUUID()}`,
    sender: 'hq@test.example',
    sent: formatCapDateTime(new Date()),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    info: ['ja-JP', 'en-US'].map((language) => ({
      language,
      category: ['Met'],
      event: language === 'ja-JP' ? '避難指示' : 'Evacuation order',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      headline: language === 'ja-JP' ? '避難指示 発令' : 'Evacuation order issued',
      instruction: language === 'ja-JP' ? '直ちに避難してください。' : 'Evacuate now.',
      expires: formatCapDateTime(expires),
      area: [{ areaDesc: 'テスト地区', polygon: [polygon] }],
    })),
    ...options.over,
  };
}

/** A warning row of its own chain, written straight to the database (no targeting, no inbox). */
export async function buildAlertRow(db: Queryable): Promise<{ id: string; lineageId: string }> {
  const row = await insertAlert(db, {
    // Parsed as the API parses it: the stored document has every list CAP serialises (code, …).
    alert: capAlertSchema.parse(evacuationOrder('35.0,139.0 35.0,139.01 35.01,139.01 35.0,139.0')),
    sent: new Date(),
    lineageId: null,
    incidentId: null,
    origin: 'composed',
    createdBy: null,
    expires: null,
  });
  return { id: row.id, lineageId: row.lineage_id };
}
