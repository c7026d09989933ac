/**
 * The bench warning: a CAP 1.2 alert (as the HQ composer posts it) whose headline carries the
 * time it was issued, so every receiving socket can compute issue → receipt on the same clock.
 * Pure functions, shared by k6 and Node.
 */

/** CAP dateTime: seconds precision, explicit offset (CAP forbids `Z`). */
export function capDateTime(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `k6 <run> @<issued ms>`: the run tells this bench's warnings from any other. */
export const warningHeadline = (runId, issuedAtMs) => `k6 ${runId} @${issuedAtMs}`;

/** The issue time in a bench headline of this run, or undefined for anything else. */
export function issuedAtOf(headline, runId) {
  if (typeof headline !== 'string') return undefined;
  const match = /^k6 (\S+) @(\d{13})$/.exec(headline);
  if (!match || match[1] !== runId) return undefined;
  return Number(match[2]);
}

/** The CAP JSON body of `POST /api/alerts` for one polygon (CAP `lat,lon lat,lon …` text). */
export function warningDocument({ runId, issuedAtMs, polygon, sequence = 0 }) {
  const headline = warningHeadline(runId, issuedAtMs);
  return {
    identifier: `k6-${runId}-${sequence}-${issuedAtMs}`,
    sender: 'k6-bench@hinan.invalid',
    sent: capDateTime(issuedAtMs),
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
      headline,
      instruction: language === 'ja-JP' ? '直ちに避難してください。' : 'Evacuate now.',
      expires: capDateTime(issuedAtMs + 3600000),
      area: [{ areaDesc: 'k6 bench area', polygon: [polygon] }],
    })),
  };
}

/**
 * What the bare Socket.IO baseline broadcasts: an `inbox:new` payload of the same shape and size
 * as the server's.
 */
export function baselinePayload(runId, issuedAtMs) {
  return {
    position: 1000000 + (issuedAtMs % 1000000),
    kind: 'alert',
    action: 'alert',
    alertId: '00000000-0000-4000-8000-000000000000',
    msgType: 'Alert',
    status: 'Actual',
    severity: 'Severe',
    urgency: 'Immediate',
    language: 'ja-JP',
    event: '避難指示',
    headline: warningHeadline(runId, issuedAtMs),
    sent: capDateTime(issuedAtMs),
  };
}
