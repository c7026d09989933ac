import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Logger } from '../../logger.js';
import type { ChannelSender, EmailAddress, OutboundMessage, SendResult } from './channel.types.js';
import { emailBodies, messageIdFor } from './email-message.js';
import { smtpFailureOf, smtpFailureOutcome } from './smtp-outcome.js';

export interface EmailSenderOptions {
  /** smtp://user:pass@host:port or smtps://… (implicit TLS). */
  smtpUrl: string;
  /** MAIL_FROM: `Name <address>` or an address. */
  from: string;
  /** Where a person turns messages off: the List-Unsubscribe target. */
  settingsUrl: string;
  logger: Logger;
  /** Connect, greeting and idle-socket limits: a slow server fails the send instead of holding it. */
  timeoutMs?: number;
  maxConnections?: number;
}

/** SMTP priority headers for what must be read now. */
const URGENT_HEADERS = { Importance: 'high', 'X-Priority': '1' };

function transportOptions(options: EmailSenderOptions): SMTPPool.Options {
  const url = new URL(options.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const timeout = options.timeoutMs ?? 20_000;
  return {
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username
      ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
      : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Our own logger only: nodemailer's would write addresses.
    logger: false,
    debug: false,
  };
}

/** The domain of MAIL_FROM, for Message-IDs (`Hinan <noreply@bousai.example.jp>` → bousai.example.jp). */
function domainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
}

/**
 * E-mail over SMTP with nodemailer: a pool of connections to one submission server. The message is
 * the title as subject and a fixed line with the link as body; no personal data. The server's
 * answer decides the outcome (smtp-outcome.ts); "sent" means the server accepted it for delivery.
 */
export class EmailSender implements ChannelSender<'email'> {
  readonly channel = 'email' as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  private readonly fromDomain: string;

  constructor(private readonly options: EmailSenderOptions) {
    this.transport = nodemailer.createTransport(transportOptions(options));
    this.fromDomain = domainOf(options.from);
  }

  async send(address: EmailAddress, message: OutboundMessage): Promise<SendResult> {
    const messageId = messageIdFor(message.deliveryId, this.fromDomain);
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: address.address,
        subject: message.title,
        ...emailBodies(message),
        messageId,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'List-Unsubscribe': `<${this.options.settingsUrl}>`,
          ...(message.urgency === 'high' ? URGENT_HEADERS : {}),
        },
      });
      return { outcome: 'sent', providerRef: info.messageId || messageId };
    } catch (error) {
      const result = smtpFailureOutcome(smtpFailureOf(error));
      if (result.outcome === 'failed') {
        // The server's reply text may quote the address: log the codes only.
        const { code, responseCode, command } = smtpFailureOf(error);
        this.options.logger.warn(
          { deliveryId: message.deliveryId, errorId: result.errorId, code, responseCode, command },
          'email: not sent',
        );
      }
      return result;
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
