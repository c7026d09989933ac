import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { Arrivals } from './waiting.js';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: Buffer;
}

/** An SMTP error reply: smtp-server answers with `responseCode` and the message. */
function smtpReply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server on a free local port (the `smtp-server` package): accepts mail for any
 * recipient and parses it back with `mailparser`, so tests read what a mailbox would. It can be
 * told to refuse a recipient (550), defer everything (451) or answer slowly.
 */
export class LocalSmtpServer {
  readonly mails = new Arrivals<ReceivedMail>();
  private readonly rejected = new Set<string>();
  private readonly deferred = new Set<string>();
  private deferCode: number | null = null;
  private delayMs = 0;
  connections = 0;

  private readonly server: SMTPServer;

  private constructor() {
    const options: SMTPServerOptions = {
      // Plain SMTP on loopback: no STARTTLS (a self-signed certificate the client would refuse).
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      closeTimeout: 500,
      logger: false,
      onConnect: (_session, callback) => {
        this.connections += 1;
        // A slow server: the greeting comes late.
        if (this.delayMs > 0) setTimeout(() => callback(), this.delayMs);
        else callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (this.deferCode) return callback(smtpReply(this.deferCode, 'Try again later'));
        if (this.deferred.has(address.address.toLowerCase())) {
          return callback(smtpReply(451, '4.2.1 Mailbox busy, try again later'));
        }
        if (this.rejected.has(address.address.toLowerCase())) {
          return callback(smtpReply(550, '5.1.1 Mailbox unknown'));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
              const to = session.envelope.rcptTo.map((r) => r.address);
              this.mails.push({ envelope: { from, to }, parsed, raw });
              callback();
            })
            .catch((error: unknown) => callback(error as Error));
        });
      },
    };
    this.server = new SMTPServer(options);
    this.server.on('error', () => undefined);
  }

  static async start(): Promise<LocalSmtpServer> {
    const self = new LocalSmtpServer();
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** 550 to RCPT TO for this address from now on. */
  rejectRecipient(address: string): void {
    this.rejected.add(address.toLowerCase());
  }

  /** 451 to RCPT TO for this address from now on (a mailbox that is temporarily unavailable). */
  deferRecipient(address: string): void {
    this.deferred.add(address.toLowerCase());
  }

  /** 4xx to every RCPT TO (null: accept again). */
  deferAll(code: number | null = 451): void {
    this.deferCode = code;
  }

  /** Waits this long before the greeting of each new connection (0: at once). */
  slowGreeting(ms: number): void {
    this.delayMs = ms;
  }

  /** The next mail to `address` (already received or yet to come). */
  nextMailTo(address: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    const wanted = address.toLowerCase();
    return this.mails.next(
      (mail) => mail.envelope.to.some((to) => to.toLowerCase() === wanted),
      timeoutMs,
      'mail',
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
