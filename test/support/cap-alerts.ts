import { randomUUID } from 'node:crypto';
import { formatCapDateTime } from '../../geo/src/cap/cap.datetime.js';

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
