import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryReceipt, OutboundMessage } from '../../server/src/modules/delivery/channel.types.js';
import { SmsSender } from '../../server/src/modules/delivery/sms-sender.js';
import { LocalSmscServer } from '../support/smpp-server.js';
import { testLogger } from '../support/test-logger.js';
import { Arrivals } from '../support/waiting.js';

const message = (deliveryId: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  deliveryId,
  title: '【避難指示】津波警報 高台へ',
  body: 'ポータルで確認',
  url: 'https://bousai.example.jp/#/inbox/7',
  urgency: 'high',
  ...extra,
});

/** Any string, as a typed matcher value (`expect.any` is typed `any`). */
const anyString: unknown = expect.any(String);

describe('SmsSender against a local SMPP 3.4 server', () => {
  let smsc: LocalSmscServer;
  let sender: SmsSender;
  const receipts = new Arrivals<DeliveryReceipt>();
  const receiptFor = (providerRef: string) =>
    receipts.next((r) => r.providerRef === providerRef, 5_000, 'receipt');

  beforeAll(async () => {
    smsc = await LocalSmscServer.start({ receiptDelayMs: 100 });
    sender = new SmsSender({
      url: smsc.url,
      sourceAddr: 'Hinan',
      logger: testLogger(),
      timeoutMs: 1_000,
      enquireLinkMs: 300,
      backoff: { minMs: 50, maxMs: 200 },
    }).start();
    sender.onReceipt((receipt) => receipts.push(receipt));
  });
  afterEach(() => smsc.beSilent(false));
  afterAll(async () => {
    await sender.close();
    await smsc.close();
  });

  it('submits one UCS2 SMS with a receipt requested; Japanese arrives intact', async () => {
    const result = await sender.send({ msisdn: '+819011110001' }, message('d-1'));
    const sms = await smsc.nextSubmitTo('+819011110001');
    expect(result).toEqual({ outcome: 'sent', providerRef: sms.messageId });
    expect(sms).toMatchObject({
      destination: '819011110001',
      destTon: 1,
      dataCoding: 8,
      registeredDelivery: 1,
    });
    expect(sms.sourceAddr).toBe('Hinan');
    expect(sms.text).toBe('【避難指示】津波警報 高台へ ポータルで確認\nhttps://bousai.example.jp/#/inbox/7');
  });

  it('maps a DELIVRD receipt back by the message id of submit_sm_resp, and answers it', async () => {
    const result = await sender.send({ msisdn: '+819011110002' }, message('d-2'));
    if (result.outcome !== 'sent' || !result.providerRef) throw new Error('not sent');
    const receipt = await receiptFor(result.providerRef);
    expect(receipt).toMatchObject({ channel: 'sms', providerRef: result.providerRef, status: 'delivered' });
    await smsc.receiptsAnswered.next((id) => id === result.providerRef, 5_000, 'deliver_sm_resp');
  });

  it('maps an UNDELIV receipt to a failed delivery', async () => {
    smsc.failDeliveryTo('+819011110003');
    const result = await sender.send({ msisdn: '+819011110003' }, message('d-3'));
    if (result.outcome !== 'sent' || !result.providerRef) throw new Error('not sent');
    expect(await receiptFor(result.providerRef)).toMatchObject({ status: 'failed', errorId: 'sms_undeliv' });
  });

  it('keeps one message to one SMS: a long title is shortened, the link never', async () => {
    const title = '【緊急】'.padEnd(120, '避難');
    await sender.send({ msisdn: '+819011110004' }, message('d-4', { title }));
    const sms = await smsc.nextSubmitTo('+819011110004');
    expect(sms.text.length).toBeLessThanOrEqual(70);
    expect(sms.text.endsWith('\nhttps://bousai.example.jp/#/inbox/7')).toBe(true);
    expect(sms.text).toContain('…');
  });

  it('answers ESME_RTHROTTLED with a retry', async () => {
    smsc.throttle(1);
    expect(await sender.send({ msisdn: '+819011110005' }, message('d-5'))).toEqual({
      outcome: 'failed',
      errorId: 'sms_throttled',
      retry: true,
    });
    expect(await sender.send({ msisdn: '+819011110005' }, message('d-5'))).toMatchObject({ outcome: 'sent' });
  });

  it('answers ESME_RINVDSTADR with a gone number', async () => {
    smsc.rejectDestination('+819011110006');
    expect(await sender.send({ msisdn: '+819011110006' }, message('d-6'))).toEqual({
      outcome: 'failed',
      errorId: 'sms_number_invalid',
      retry: false,
      gone: true,
    });
  });

  it('turns an unanswered submit into a retry after its timeout', async () => {
    smsc.beSilent();
    const started = Date.now();
    expect(await sender.send({ msisdn: '+819011110007' }, message('d-7'))).toEqual({
      outcome: 'failed',
      errorId: 'sms_timeout',
      retry: true,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps the link alive with enquire_link and binds again after the SMSC drops it', async () => {
    const enquired = smsc.enquireLinks;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(smsc.enquireLinks).toBeGreaterThan(enquired);

    const binds = smsc.binds;
    smsc.beSilent();
    const inFlight = sender.send({ msisdn: '+819011110008' }, message('d-8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    smsc.dropConnections();
    // What was in flight fails at once as a retry, not after the full timeout.
    expect(await inFlight).toEqual({ outcome: 'failed', errorId: 'sms_link_lost', retry: true });
    smsc.beSilent(false);
    // The next send waits for the new bind instead of failing.
    const result = await sender.send({ msisdn: '+819011110008' }, message('d-8'));
    expect(result).toEqual({ outcome: 'sent', providerRef: anyString });
    expect(smsc.binds).toBe(binds + 1);
  });

  it('reads receipts that carry only the text (no receipted_message_id TLV)', async () => {
    const plain = await LocalSmscServer.start({ receiptTlvs: false, receiptDelayMs: 20 });
    const other = new SmsSender({ url: plain.url, sourceAddr: '+81120000000', logger: testLogger() }).start();
    const seen = new Arrivals<DeliveryReceipt>();
    other.onReceipt((r) => seen.push(r));
    try {
      const result = await other.send({ msisdn: '+819011110009' }, message('d-9'));
      if (result.outcome !== 'sent' || !result.providerRef) throw new Error('not sent');
      const ref = result.providerRef;
      expect(await seen.next((r) => r.providerRef === ref)).toMatchObject({ status: 'delivered' });
      expect((await plain.nextSubmitTo('+819011110009')).sourceAddr).toBe('81120000000');
    } finally {
      await other.close();
      await plain.close();
    }
  });

  it('reports the SMSC unavailable (retry) when the bind is refused', async () => {
    const wrong = new SmsSender({
      url: smsc.url.replace(':secret1@', ':wrong@'),
      sourceAddr: 'Hinan',
      logger: testLogger(),
      timeoutMs: 300,
      backoff: { minMs: 1_000, maxMs: 1_000 },
    }).start();
    try {
      expect(await wrong.send({ msisdn: '+819011110010' }, message('d-10'))).toEqual({
        outcome: 'failed',
        errorId: 'sms_unavailable',
        retry: true,
      });
    } finally {
      await wrong.close();
    }
  });
});
