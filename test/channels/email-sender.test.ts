import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../server/src/modules/delivery/channel.types.js';
import { EmailSender } from '../../server/src/modules/delivery/email-sender.js';
import { LocalSmtpServer } from '../support/smtp-server.js';
import { testLogger } from '../support/test-logger.js';

const SETTINGS_URL = 'https://bousai.example.jp/#/settings/notifications';

const message = (deliveryId: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
  deliveryId,
  title: '【避難指示】七尾市 津波警報',
  body: 'ポータルを開いて内容を確認し、回答してください。',
  url: 'https://bousai.example.jp/#/inbox/42',
  urgency: 'high',
  ...extra,
});

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('EmailSender against a local SMTP server', () => {
  let smtp: LocalSmtpServer;
  const senders: EmailSender[] = [];
  const senderFor = (url: string, timeoutMs = 5_000) => {
    const sender = new EmailSender({
      smtpUrl: url,
      from: '避難支援 <noreply@bousai.example.jp>',
      settingsUrl: SETTINGS_URL,
      logger: testLogger(),
      timeoutMs,
    });
    senders.push(sender);
    return sender;
  };

  beforeAll(async () => {
    smtp = await LocalSmtpServer.start();
  });
  afterEach(async () => {
    smtp.deferAll(null);
    smtp.slowGreeting(0);
    await Promise.all(senders.splice(0).map((s) => s.close()));
  });
  afterAll(() => smtp.close());

  it('sends the title as subject and the fixed line with the link as body, and nothing else', async () => {
    const to = 'resident-a@mail.example.jp';
    const result = await senderFor(smtp.url).send({ address: to }, message('delivery-1'));
    expect(result).toEqual({ outcome: 'sent', providerRef: '<delivery-1@bousai.example.jp>' });

    const mail = await smtp.nextMailTo(to);
    expect(mail.envelope.from).toBe('noreply@bousai.example.jp');
    expect(mail.parsed.subject).toBe('【避難指示】七尾市 津波警報');
    expect(mail.parsed.messageId).toBe('<delivery-1@bousai.example.jp>');
    expect(mail.parsed.text?.trim()).toBe(
      'ポータルを開いて内容を確認し、回答してください。\n\nhttps://bousai.example.jp/#/inbox/42',
    );
    expect(mail.parsed.html).toContain('<a href="https://bousai.example.jp/#/inbox/42">');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.raw.toString('utf8')).toMatch(
      /^List-Unsubscribe: <https:\/\/bousai\.example\.jp\/#\/settings\/notifications>\r?$/m,
    );
    // The recipient's own address appears only in the envelope and the To header.
    const withoutTo = mail.raw.toString('utf8').replace(/^To: .*$/m, '');
    expect(withoutTo).not.toContain(to);
  });

  it('gives a retried delivery the same Message-ID, so it is recognisable as one message', async () => {
    const sender = senderFor(smtp.url);
    await sender.send({ address: 'resident-b@mail.example.jp' }, message('delivery-2'));
    await sender.send({ address: 'resident-b@mail.example.jp' }, message('delivery-2'));
    const ids = smtp.mails.items
      .filter((mail) => mail.envelope.to.includes('resident-b@mail.example.jp'))
      .map((mail) => mail.parsed.messageId);
    expect(ids).toEqual(['<delivery-2@bousai.example.jp>', '<delivery-2@bousai.example.jp>']);
  });

  it('maps 550 to RCPT TO to a gone address that must not be used again', async () => {
    smtp.rejectRecipient('nobody@mail.example.jp');
    const result = await senderFor(smtp.url).send(
      { address: 'nobody@mail.example.jp' },
      message('delivery-3'),
    );
    expect(result).toEqual({ outcome: 'failed', errorId: 'email_mailbox_unknown', retry: false, gone: true });
  });

  it('maps 451 to a retry', async () => {
    smtp.deferAll(451);
    const result = await senderFor(smtp.url).send(
      { address: 'later@mail.example.jp' },
      message('delivery-4'),
    );
    expect(result).toEqual({ outcome: 'failed', errorId: 'email_deferred', retry: true });
  });

  it('gives up on a server too slow to greet, as a retry, within its timeout', async () => {
    smtp.slowGreeting(3_000);
    const started = Date.now();
    const result = await senderFor(smtp.url, 500).send(
      { address: 'slow@mail.example.jp' },
      message('delivery-5'),
    );
    expect(result).toEqual({ outcome: 'failed', errorId: 'email_timeout', retry: true });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it('maps a refused connection to a retry', async () => {
    const url = `smtp://127.0.0.1:${await closedPort()}`;
    const result = await senderFor(url).send({ address: 'anyone@mail.example.jp' }, message('delivery-6'));
    expect(result).toEqual({ outcome: 'failed', errorId: 'email_unreachable', retry: true });
  });
});
