import type { DeliveryErrorId } from '@contract/delivery/delivery-errors.js';
import type { DeliveryReceipt } from './channel.types.js';

/** esm_class bits 2–5 say what a deliver_sm carries; 0b0001 (0x04) is an SMSC delivery receipt. */
const MESSAGE_TYPE_MASK = 0x3c;
const SMSC_DELIVERY_RECEIPT = 0x04;

export function isDeliveryReceipt(esmClass: number | undefined): boolean {
  return ((esmClass ?? 0) & MESSAGE_TYPE_MASK) === SMSC_DELIVERY_RECEIPT;
}

/** message_state TLV values (SMPP 3.4 §5.2.28) that are final. */
const FINAL_STATES: Record<number, string> = {
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/**
 * The final `stat:` values of the receipt text (SMPP 3.4 Appendix B) that mean it failed, with the
 * id each is recorded under. ENROUTE and ACCEPTD are not final: the message is still on its way,
 * so they produce no receipt.
 */
const FAILED_STATS: Record<string, DeliveryErrorId> = {
  EXPIRED: 'sms_expired',
  DELETED: 'sms_deleted',
  UNDELIV: 'sms_undeliv',
  UNKNOWN: 'sms_unknown',
  REJECTD: 'sms_rejectd',
};

export interface ReceiptFields {
  esm_class?: number;
  short_message?: unknown;
  receipted_message_id?: string;
  message_state?: number;
}

function textOf(shortMessage: unknown): string {
  if (typeof shortMessage === 'string') return shortMessage;
  if (Buffer.isBuffer(shortMessage)) return shortMessage.toString('latin1');
  if (shortMessage && typeof shortMessage === 'object' && 'message' in shortMessage) {
    return textOf(shortMessage.message);
  }
  return '';
}

/** `id:123 sub:001 … stat:DELIVRD err:000` → { id, stat, err }. Field names are case-insensitive. */
export function parseReceiptText(text: string): { id?: string; stat?: string; err?: string } {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:([^\\s]+)`, 'i').exec(text)?.[1] ?? undefined;
  return { id: field('id'), stat: field('stat')?.toUpperCase(), err: field('err') };
}

/**
 * A delivery receipt from a deliver_sm, or null when the PDU is no receipt, not final, or names no
 * message. The receipted_message_id and message_state TLVs win over the text where present: they
 * are the fields SMPP 3.4 defines, the text is a convention SMSCs vary on.
 */
export function receiptFromDeliverSm(pdu: ReceiptFields, at: Date): DeliveryReceipt | null {
  if (!isDeliveryReceipt(pdu.esm_class)) return null;
  const text = parseReceiptText(textOf(pdu.short_message));
  const providerRef = pdu.receipted_message_id?.trim() || text.id;
  const stat = (pdu.message_state !== undefined ? FINAL_STATES[pdu.message_state] : undefined) ?? text.stat;
  if (!providerRef || !stat) return null;
  if (stat === 'DELIVRD') return { channel: 'sms', providerRef, status: 'delivered', at };
  const errorId = Object.hasOwn(FAILED_STATS, stat) ? FAILED_STATS[stat] : undefined;
  return errorId ? { channel: 'sms', providerRef, status: 'failed', errorId, at } : null;
}
