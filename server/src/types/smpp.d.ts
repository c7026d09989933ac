/**
 * The parts of the `smpp` package (0.6, plain JavaScript) this code uses, client and server side.
 * PDU fields follow the SMPP specification's names; only those read or written here are listed.
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  namespace smpp {
    interface PduFields {
      command_status?: number;
      sequence_number?: number;
      system_id?: string;
      password?: string;
      source_addr_ton?: number;
      source_addr_npi?: number;
      source_addr?: string;
      dest_addr_ton?: number;
      dest_addr_npi?: number;
      destination_addr?: string;
      esm_class?: number;
      registered_delivery?: number;
      priority_flag?: number;
      data_coding?: number;
      short_message?: Buffer | string | { message: string | Buffer; udh?: Buffer };
      message_id?: string;
      receipted_message_id?: string;
      message_state?: number;
      interface_version?: number;
    }

    class PDU implements PduFields {
      constructor(command: string, options?: PduFields);
      command: string;
      command_status: number;
      sequence_number: number;
      system_id?: string;
      password?: string;
      source_addr?: string;
      destination_addr?: string;
      esm_class?: number;
      registered_delivery?: number;
      priority_flag?: number;
      data_coding?: number;
      short_message?: { message: string | Buffer; udh?: Buffer[] } | Buffer | string;
      message_id?: string;
      receipted_message_id?: string;
      message_state?: number;
      isResponse(): boolean;
      response(options?: PduFields): PDU;
    }

    type PduCallback = (pdu: PDU) => void;

    class Session extends EventEmitter {
      closed: boolean;
      socket: Socket;
      send(
        pdu: PDU,
        responseCallback?: PduCallback,
        sendCallback?: PduCallback,
        failureCallback?: (pdu: PDU, error?: Error) => void,
      ): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      deliver_sm(options: PduFields, responseCallback?: PduCallback): boolean;
      on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
      on(event: 'close' | 'connect' | 'secureConnect', listener: () => void): this;
      on(event: string, listener: PduCallback): this;
    }

    interface ConnectOptions {
      host: string;
      port: number;
      tls?: boolean;
      connectTimeout?: number;
      rejectUnauthorized?: boolean;
    }

    function connect(options: ConnectOptions, listener?: (session: Session) => void): Session;

    interface Server extends NetServer {
      sessions: Session[];
    }

    function createServer(options: Record<string, unknown>, listener: (session: Session) => void): Server;

    const ESME_ROK: number;
    const ESME_RINVDSTADR: number;
    const ESME_RTHROTTLED: number;
    const ESME_RMSGQFUL: number;
    const ESME_RSYSERR: number;
    const ESME_RSUBMITFAIL: number;
    const ESME_RBINDFAIL: number;
    const ESME_RINVPASWD: number;
    const ESM_CLASS: { MC_DELIVERY_RECEIPT: number; UDH_INDICATOR: number };
    const ENCODING: { SMSC_DEFAULT: number; ASCII: number; LATIN1: number; UCS2: number };
  }

  export = smpp;
}
