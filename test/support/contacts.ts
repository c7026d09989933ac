import type { ContactChannel } from '@contract/contacts/contacts.schema.js';
import type { LocalSmscServer } from './smpp-server.js';
import type { LocalSmtpServer } from './smtp-server.js';

let next = 1;

/**
 * Addresses recognisable in a log line (the privacy scan looks for them): a mailbox at the
 * suite's own domain, a 090-1234 mobile number, unique per call.
 */
export function testEmail(): string {
  return `shiken.taro.${process.pid}.${next++}@contacts.example`;
}

export function testMobile(): { typed: string; e164: string } {
  const line = String((process.pid * 97 + next++) % 10_000).padStart(4, '0');
  return { typed: `090-1234-${line}`, e164: `+81901234${line}` };
}

/** The six-digit code in the latest message to `address` at the local peer. */
export async function codeSentTo(
  peers: { smtp?: LocalSmtpServer; smsc?: LocalSmscServer },
  channel: ContactChannel,
  address: string,
  after = 0,
): Promise<string> {
  if (channel === 'email') {
    const mail = await peers.smtp!.mails.next(
      (m) => peers.smtp!.mails.items.indexOf(m) >= after && m.envelope.to.includes(address),
      10_000,
      'code mail',
    );
    return /確認コード: ([0-9]{6})/.exec(mail.parsed.text ?? '')![1]!;
  }
  const digits = address.replace(/^\+/, '');
  const sms = await peers.smsc!.submitted.next(
    (s) => peers.smsc!.submitted.items.indexOf(s) >= after && s.destination === digits,
    10_000,
    'code SMS',
  );
  return /確認コード ([0-9]{6})/.exec(sms.text)![1]!;
}
