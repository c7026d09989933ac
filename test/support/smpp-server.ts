import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import { Arrivals } from './waiting.js';

export interface SubmittedSms {
  messageId: string;
  /** Digits as the ESME sent them (E.164 without the plus). */
  destination: string;
  destTon: number;
  sourceAddr: string;
  dataCoding: number;
  registeredDelivery: number;
  /**
   * short_message as the SMSC reads it: decoded by the `smpp` package (iconv) per data_coding, a
   * decoder independent of the client's encoder.
   */
  text: string;
}

export type ReceiptStat = 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD';

export interface LocalSmscOptions {
  systemId?: string;
  password?: string;
  /** How long after submit_sm_resp the delivery receipt follows. */
  receiptDelayMs?: number;
  /** Put receipted_message_id and message_state TLVs on receipts (else the text alone says it). */
  receiptTlvs?: boolean;
  /** Keep receipts until `releaseReceipt` (a handset that is off until the test turns it on). */
  holdReceipts?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const smppDate = (d: Date) =>
  `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
function textOf(message: smpp.PDU['short_message']): string {
  if (typeof message === 'string') return message;
  if (Buffer.isBuffer(message)) return message.toString('latin1');
  if (message && typeof message.message === 'string') return message.message;
  return message?.message.toString('latin1') ?? '';
}

const MESSAGE_STATE: Record<ReceiptStat, number> = { DELIVRD: 2, EXPIRED: 3, UNDELIV: 5, REJECTD: 8 };

/**
 * A real SMPP 3.4 SMSC on a free local port, built on the `smpp` package's server side: checks the
 * bind's credentials, answers submit_sm with message ids of its own, and sends a delivery receipt
 * (deliver_sm, esm_class 0x04) after a delay, DELIVRD or UNDELIV per destination. It can throttle,
 * refuse destinations, stay silent, and drop every connection.
 */
export class LocalSmscServer {
  readonly submitted = new Arrivals<SubmittedSms>();
  /** deliver_sm_resp received for receipts sent, by message id. */
  readonly receiptsAnswered = new Arrivals<string>();
  binds = 0;
  enquireLinks = 0;
  private throttleNext = 0;
  private readonly throttled = new Set<string>();
  /** Receipts kept back by `holdReceipts`, by destination: the last message's. */
  private readonly heldReceipts = new Map<string, () => void>();
  private silent = false;
  private readonly invalid = new Set<string>();
  private readonly undeliverable = new Set<string>();
  private readonly systemId: string;
  private readonly password: string;

  private readonly server: smpp.Server;

  private constructor(private readonly options: LocalSmscOptions) {
    this.systemId = options.systemId ?? 'hinan';
    this.password = options.password ?? 'secret1';
    this.server = smpp.createServer({}, (session) => this.attach(session));
    this.server.on('error', () => undefined);
  }

  static async start(options: LocalSmscOptions = {}): Promise<LocalSmscServer> {
    const self = new LocalSmscServer(options);
    await new Promise<void>((resolve) => self.server.listen(0, '127.0.0.1', () => resolve()));
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smpp://${this.systemId}:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Answers the next `count` submits with ESME_RTHROTTLED. */
  throttle(count: number): void {
    this.throttleNext = count;
  }

  /** ESME_RTHROTTLED for every submit to this destination (E.164) from now on. */
  throttleDestination(msisdn: string): void {
    this.throttled.add(msisdn.replace(/^\+/, ''));
  }

  /** Sends the receipt held back for the last message to this destination (E.164). */
  releaseReceipt(msisdn: string): void {
    const digits = msisdn.replace(/^\+/, '');
    const send = this.heldReceipts.get(digits);
    if (!send) throw new Error(`no receipt held for ${digits}`);
    this.heldReceipts.delete(digits);
    send();
  }

  /** ESME_RINVDSTADR for this destination (E.164). */
  rejectDestination(msisdn: string): void {
    this.invalid.add(msisdn.replace(/^\+/, ''));
  }

  /** Accept, then report UNDELIV in the receipt for this destination (E.164). */
  failDeliveryTo(msisdn: string): void {
    this.undeliverable.add(msisdn.replace(/^\+/, ''));
  }

  /** Stop answering submit_sm (the ESME's request times out). */
  beSilent(silent = true): void {
    this.silent = silent;
  }

  /** Ends every client connection at once (the SMSC restarting). */
  dropConnections(): void {
    for (const session of [...this.server.sessions]) session.destroy();
  }

  nextSubmitTo(msisdn: string, timeoutMs = 10_000): Promise<SubmittedSms> {
    const digits = msisdn.replace(/^\+/, '');
    return this.submitted.next((sms) => sms.destination === digits, timeoutMs, 'submit_sm');
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private attach(session: smpp.Session): void {
    let bound = false;
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu) => {
      const ok = pdu.system_id === this.systemId && pdu.password === this.password;
      session.send(
        pdu.response({ command_status: ok ? smpp.ESME_ROK : smpp.ESME_RBINDFAIL, system_id: 'local-smsc' }),
      );
      if (!ok) return session.close();
      bound = true;
      this.binds += 1;
    });
    session.on('enquire_link', (pdu) => {
      this.enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm_resp', (pdu) => {
      const id = this.pendingReceipts.get(pdu.sequence_number);
      if (id) this.receiptsAnswered.push(id);
    });
    session.on('submit_sm', (pdu) => {
      if (!bound) return session.send(pdu.response({ command_status: 0x04 /* ESME_RINVBNDSTS */ }));
      if (this.silent) return;
      const destination = pdu.destination_addr ?? '';
      if (this.throttleNext > 0 || this.throttled.has(destination)) {
        this.throttleNext = Math.max(0, this.throttleNext - 1);
        return session.send(pdu.response({ command_status: smpp.ESME_RTHROTTLED }));
      }
      if (this.invalid.has(destination)) {
        return session.send(pdu.response({ command_status: smpp.ESME_RINVDSTADR }));
      }
      const messageId = randomBytes(6).toString('hex');
      this.submitted.push({
        messageId,
        destination,
        destTon: (pdu as unknown as { dest_addr_ton: number }).dest_addr_ton,
        sourceAddr: pdu.source_addr ?? '',
        dataCoding: pdu.data_coding ?? 0,
        registeredDelivery: pdu.registered_delivery ?? 0,
        text: textOf(pdu.short_message),
      });
      session.send(pdu.response({ message_id: messageId }));
      if ((pdu.registered_delivery ?? 0) & 1) {
        const stat: ReceiptStat = this.undeliverable.has(destination) ? 'UNDELIV' : 'DELIVRD';
        const send = () => this.sendReceipt(session, pdu, messageId, stat);
        if (this.options.holdReceipts) this.heldReceipts.set(destination, send);
        else setTimeout(send, this.options.receiptDelayMs ?? 50);
      }
    });
  }

  private readonly pendingReceipts = new Map<number, string>();

  private sendReceipt(session: smpp.Session, submit: smpp.PDU, messageId: string, stat: ReceiptStat): void {
    if (session.closed) return;
    const now = smppDate(new Date());
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${now} done date:${now} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`;
    const pdu = new smpp.PDU('deliver_sm', {
      source_addr: submit.destination_addr,
      destination_addr: submit.source_addr,
      esm_class: smpp.ESM_CLASS.MC_DELIVERY_RECEIPT,
      short_message: Buffer.from(text, 'latin1'),
      ...(this.options.receiptTlvs === false
        ? {}
        : { receipted_message_id: messageId, message_state: MESSAGE_STATE[stat] }),
    });
    session.send(pdu);
    this.pendingReceipts.set(pdu.sequence_number, messageId);
  }
}
