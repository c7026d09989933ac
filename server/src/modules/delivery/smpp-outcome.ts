import smpp from 'smpp';
import type { SendResult } from './channel.types.js';

/** SMSC answers worth another attempt later: it is busy or briefly broken, not refusing us. */
const TRANSIENT = new Set([
  smpp.ESME_RTHROTTLED,
  smpp.ESME_RMSGQFUL,
  smpp.ESME_RSYSERR,
  smpp.ESME_RSUBMITFAIL,
]);

/** What a submit_sm_resp means for the message: taken, try again, or never to this number. */
export function submitOutcome(commandStatus: number, messageId: string | undefined): SendResult {
  if (commandStatus === smpp.ESME_ROK) return { outcome: 'sent', providerRef: messageId?.trim() || null };
  if (commandStatus === smpp.ESME_RTHROTTLED) {
    return { outcome: 'failed', errorId: 'sms_throttled', retry: true };
  }
  if (TRANSIENT.has(commandStatus)) return { outcome: 'failed', errorId: 'sms_smsc_busy', retry: true };
  if (commandStatus === smpp.ESME_RINVDSTADR) {
    return { outcome: 'failed', errorId: 'sms_number_invalid', retry: false, gone: true };
  }
  return { outcome: 'failed', errorId: `sms_rejected_0x${commandStatus.toString(16)}`, retry: false };
}
