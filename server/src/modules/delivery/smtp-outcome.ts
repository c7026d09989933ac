import type { SendResult } from './channel.types.js';

/** What nodemailer puts on a failed send: its error code, the SMTP reply code and the command. */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

/** Network trouble: worth another attempt, the message never reached the server. */
const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'ETLS', 'EDNS', 'ECONNREFUSED']);

/**
 * A failed SMTP send as the channel seam sees it. 5xx to RCPT TO: this mailbox does not exist
 * (never again); other 5xx: refused for good, but the address may be fine; 4xx: try later;
 * timeouts and refused connections: try later. Error ids carry no address.
 */
export function smtpFailureOutcome(failure: SmtpFailure): SendResult {
  const reply = failure.responseCode;
  if (reply !== undefined && reply >= 500 && reply < 600) {
    if (failure.command === 'RCPT TO') {
      return { outcome: 'failed', errorId: 'email_mailbox_unknown', retry: false, gone: true };
    }
    return { outcome: 'failed', errorId: 'email_rejected', retry: false };
  }
  if (reply !== undefined && reply >= 400 && reply < 500) {
    return { outcome: 'failed', errorId: 'email_deferred', retry: true };
  }
  if (failure.code === 'ETIMEDOUT') return { outcome: 'failed', errorId: 'email_timeout', retry: true };
  if (failure.code && UNREACHABLE.has(failure.code)) {
    return { outcome: 'failed', errorId: 'email_unreachable', retry: true };
  }
  return { outcome: 'failed', errorId: 'email_failed', retry: true };
}

/** nodemailer's error as plain fields (it is an Error with extra properties). */
export function smtpFailureOf(error: unknown): SmtpFailure {
  if (!error || typeof error !== 'object') return {};
  const fields = error as Record<string, unknown>;
  return {
    code: typeof fields.code === 'string' ? fields.code : undefined,
    responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
    command: typeof fields.command === 'string' ? fields.command : undefined,
  };
}
