import { describe, expect, it } from 'vitest';
import { emailBodies, messageIdFor } from './email-message.js';
import { receiptFromDeliverSm } from './smpp-receipt.js';
import { smtpFailureOutcome } from './smtp-outcome.js';
import { encodeUcs2, smsText, UCS2_SINGLE_SMS_UNITS } from './sms-text.js';

const at = new Date('2026-12-07T00:00:00Z');

describe('SMS text', () => {
  const url = 'https://bousai.example.jp/#/inbox/1';

  it('keeps title, line and link when they fit one SMS', () => {
    expect(smsText({ title: '津波警報', body: '確認を', url })).toBe(`津波警報 確認を\n${url}`);
  });

  it('drops the line, then shortens the title, and never cuts the link', () => {
    const text = smsText({ title: '避'.repeat(80), body: '確認を', url });
    expect(text.length).toBe(UCS2_SINGLE_SMS_UNITS);
    expect(text.endsWith(`…\n${url}`)).toBe(true);
  });

  it('does not split a surrogate pair when shortening', () => {
    const text = smsText({ title: '🌊'.repeat(40), body: '', url });
    expect(text.length).toBeLessThanOrEqual(UCS2_SINGLE_SMS_UNITS);
    expect(text).toMatch(/^(?:🌊)+…\n/u);
  });

  it('encodes UCS2 as UTF-16 big-endian', () => {
    expect(encodeUcs2('避A')).toEqual(Buffer.from([0x90, 0x7f, 0x00, 0x41]));
  });
});

describe('SMPP delivery receipts', () => {
  const text = (stat: string, id = 'abc123') =>
    `id:${id} sub:001 dlvrd:001 submit date:2612070000 done date:2612070001 stat:${stat} err:000 text:`;

  it('maps DELIVRD to delivered and the rest of the final states to failed', () => {
    expect(
      receiptFromDeliverSm({ esm_class: 0x04, short_message: { message: text('DELIVRD') } }, at),
    ).toEqual({
      channel: 'sms',
      providerRef: 'abc123',
      status: 'delivered',
      at,
    });
    expect(receiptFromDeliverSm({ esm_class: 0x04, short_message: text('UNDELIV') }, at)).toMatchObject({
      status: 'failed',
      errorId: 'sms_undeliv',
    });
    expect(receiptFromDeliverSm({ esm_class: 0x04, short_message: text('EXPIRED') }, at)).toMatchObject({
      errorId: 'sms_expired',
    });
  });

  it('prefers the receipted_message_id and message_state TLVs to the text', () => {
    const pdu = {
      esm_class: 0x04,
      short_message: text('DELIVRD', 'text-id'),
      receipted_message_id: 'tlv-id',
      message_state: 5,
    };
    expect(receiptFromDeliverSm(pdu, at)).toMatchObject({ providerRef: 'tlv-id', status: 'failed' });
  });

  it('ignores mobile-originated messages and states that are not final', () => {
    expect(receiptFromDeliverSm({ esm_class: 0x00, short_message: text('DELIVRD') }, at)).toBeNull();
    expect(receiptFromDeliverSm({ esm_class: 0x04, short_message: text('ENROUTE') }, at)).toBeNull();
    expect(receiptFromDeliverSm({ esm_class: 0x04, short_message: 'garbage' }, at)).toBeNull();
  });
});

describe('SMTP answers', () => {
  it.each([
    [
      { responseCode: 550, command: 'RCPT TO' },
      { errorId: 'email_mailbox_unknown', retry: false, gone: true },
    ],
    [
      { responseCode: 554, command: 'DATA' },
      { errorId: 'email_rejected', retry: false },
    ],
    [
      { responseCode: 451, command: 'RCPT TO' },
      { errorId: 'email_deferred', retry: true },
    ],
    [{ code: 'ETIMEDOUT' }, { errorId: 'email_timeout', retry: true }],
    [{ code: 'ESOCKET' }, { errorId: 'email_unreachable', retry: true }],
  ])('%o → %o', (failure, outcome) => {
    expect(smtpFailureOutcome(failure)).toEqual({ outcome: 'failed', ...outcome });
  });
});

describe('e-mail message', () => {
  it('derives a Message-ID from the delivery id, safe for the header', () => {
    expect(messageIdFor('alert 1/2<x>', 'bousai.example.jp')).toBe('<alert-1-2-x-@bousai.example.jp>');
  });

  it('escapes the body and link in HTML', () => {
    expect(emailBodies({ body: 'A & <B>', url: 'https://x.example/?a=1&b=2' }).html).toContain(
      '<p>A &#38; &#60;B&#62;</p><p><a href="https://x.example/?a=1&#38;b=2">',
    );
  });
});
