import smpp from 'smpp';
import type { Logger } from '../../logger.js';
import { parseSmppUrl } from './smpp-address.js';

export interface SmppLinkOptions {
  /** smpp://system_id:password@host:port, or ssmpp:// for TLS. */
  url: string;
  logger: Logger;
  /** How long a connect, a bind and every request may take before the link counts as broken. */
  timeoutMs?: number;
  /** enquire_link every so often, so a dead link is found before a warning needs it. */
  enquireLinkMs?: number;
  /** Reconnect delays: doubling from `min` up to `max`, each with some jitter. */
  backoff?: { minMs: number; maxMs: number };
}

/** Why a request got no answer: the link is down, or the SMSC did not answer in time. */
export class SmppUnavailable extends Error {
  constructor(readonly reason: 'not_bound' | 'timeout' | 'write_failed' | 'closed') {
    super(`smpp ${reason}`);
  }
}

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/**
 * One bound transceiver session to the SMSC, kept up: bind once, reconnect with backoff when the
 * connection drops or the bind is refused, enquire_link as keepalive (no answer → reconnect), and
 * answer the SMSC's own enquire_link and unbind. Requests get a timeout the library lacks.
 */
export class SmppLink {
  private session: smpp.Session | null = null;
  private bound = false;
  private closing = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private readonly waiters = new Set<Waiter>();
  /** Requests awaiting an answer on the current session: a dropped connection fails them at once. */
  private readonly inFlight = new Set<() => void>();
  private readonly target: ReturnType<typeof parseSmppUrl>;
  private readonly timeoutMs: number;
  private readonly enquireLinkMs: number;
  private readonly backoff: { minMs: number; maxMs: number };

  constructor(
    private readonly options: SmppLinkOptions,
    /** Incoming requests from the SMSC other than keepalive and unbind (deliver_sm). */
    private readonly onRequest: (session: smpp.Session, pdu: smpp.PDU) => void,
  ) {
    this.target = parseSmppUrl(options.url);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.enquireLinkMs = options.enquireLinkMs ?? 30_000;
    this.backoff = options.backoff ?? { minMs: 1_000, maxMs: 60_000 };
  }

  get isBound(): boolean {
    return this.bound;
  }

  start(): void {
    this.closing = false;
    this.connect();
  }

  /** Resolves once bound; rejects after `withinMs` or when the link closes for good. */
  ready(withinMs = this.timeoutMs): Promise<void> {
    if (this.bound) return Promise.resolve();
    if (this.closing) return Promise.reject(new SmppUnavailable('closed'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new SmppUnavailable('not_bound'));
      }, withinMs);
      this.waiters.add(waiter);
    });
  }

  /** Sends a request on the bound session and resolves with its response PDU. */
  request(command: string, fields: smpp.PduFields): Promise<smpp.PDU> {
    const session = this.session;
    if (!session || !this.bound) return Promise.reject(new SmppUnavailable('not_bound'));
    return this.requestOn(session, new smpp.PDU(command, fields));
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stopKeepalive();
    for (const waiter of this.waiters) waiter.reject(new SmppUnavailable('closed'));
    this.waiters.clear();
    const session = this.session;
    if (!session) return;
    if (this.bound) await this.requestOn(session, new smpp.PDU('unbind')).catch(() => undefined);
    this.bound = false;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => session.destroy(), this.timeoutMs).unref();
      session.close(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private requestOn(session: smpp.Session, pdu: smpp.PDU): Promise<smpp.PDU> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const abort = () => settle(() => reject(new SmppUnavailable('closed')));
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(abort);
        outcome();
      };
      const timer = setTimeout(() => settle(() => reject(new SmppUnavailable('timeout'))), this.timeoutMs);
      this.inFlight.add(abort);
      const written = session.send(
        pdu,
        (response) => settle(() => resolve(response)),
        undefined,
        () => settle(() => reject(new SmppUnavailable('write_failed'))),
      );
      if (!written) settle(() => reject(new SmppUnavailable('write_failed')));
    });
  }

  private connect(): void {
    const { host, port, tls } = this.target;
    const session = smpp.connect({ host, port, tls, connectTimeout: this.timeoutMs });
    this.session = session;
    session.on(tls ? 'secureConnect' : 'connect', () => void this.bind(session));
    session.on('error', (error) => {
      this.options.logger.warn({ code: error.code ?? 'error' }, 'smpp: connection error');
    });
    session.on('close', () => this.onClosed(session));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm', (pdu) => this.onRequest(session, pdu));
  }

  private async bind(session: smpp.Session): Promise<void> {
    try {
      const response = await this.requestOn(
        session,
        new smpp.PDU('bind_transceiver', {
          system_id: this.target.systemId,
          password: this.target.password,
          interface_version: 0x34,
        }),
      );
      if (response.command_status !== smpp.ESME_ROK) {
        this.options.logger.error({ status: response.command_status }, 'smpp: bind refused');
        session.close();
        return;
      }
    } catch {
      session.destroy();
      return;
    }
    if (session !== this.session || this.closing) return;
    this.bound = true;
    this.failures = 0;
    this.options.logger.info('smpp: bound as transceiver');
    this.startKeepalive(session);
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
  }

  private onClosed(session: smpp.Session): void {
    if (session !== this.session) return;
    const wasBound = this.bound;
    this.bound = false;
    this.session = null;
    this.stopKeepalive();
    for (const abort of [...this.inFlight]) abort();
    if (this.closing) return;
    if (wasBound) this.options.logger.warn('smpp: link lost, reconnecting');
    const delay = Math.min(this.backoff.maxMs, this.backoff.minMs * 2 ** this.failures);
    this.failures += 1;
    // Jitter: nodes that lost the SMSC together do not all come back in the same instant.
    const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
    this.reconnectTimer = setTimeout(() => this.connect(), jittered);
    this.reconnectTimer.unref();
  }

  private startKeepalive(session: smpp.Session): void {
    this.stopKeepalive();
    this.keepaliveTimer = setInterval(() => {
      this.requestOn(session, new smpp.PDU('enquire_link')).catch(() => {
        this.options.logger.warn('smpp: no answer to enquire_link, reconnecting');
        session.destroy();
      });
    }, this.enquireLinkMs);
    this.keepaliveTimer.unref();
  }

  private stopKeepalive(): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
  }
}
