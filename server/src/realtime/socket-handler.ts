import type { z } from 'zod';
import { AppError } from '../http/errors.js';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from '../http/nul-character.js';
import type { Logger } from '../logger.js';
import { limitEventRate, type SocketLimits } from './socket-limits.js';

/** Every refused or failed socket event is acknowledged with a stable id and a readable message. */
export interface SocketError {
  error: { id: string; message: string };
}

export const socketError = (id: string, message: string): SocketError => ({ error: { id, message } });

export const SESSION_ENDED_ERROR = socketError('session_expired', 'The session has ended; sign in again.');
const INTERNAL_ERROR = socketError('internal_error', 'Something went wrong on our side; try again.');

/** A client-to-server event map entry: a payload and an acknowledgement callback. */
type EventEntry = (payload: never, ack: (result: unknown) => void) => void;
type AckResult<F> = F extends (payload: never, ack: (result: infer A) => void) => void ? A : never;
/** What a handler answers on success: the event's acknowledgement minus the error shape. */
export type SuccessOf<F> = Exclude<AckResult<F>, SocketError>;

export interface SocketEventSpec<S extends z.ZodType, R> {
  schema: S;
  /** Error id of a payload the schema refuses (a protocol may have its own; default `validation_failed`). */
  invalidId?: string;
  /** Answer to an unexpected failure, which is logged (default `internal_error`). */
  failure?: SocketError;
  /**
   * Events sent without an acknowledgement are dropped unread: the reply is the protocol (a tap
   * that nobody hears acknowledged would be sent again anyway).
   */
  requireAck?: boolean;
  handle: (payload: z.output<S>) => Promise<R>;
}

/** Whether the socket's credentials (session, device key) still hold; false ends the socket. */
export type CredentialCheck = () => boolean | Promise<boolean>;

export interface SocketEventsOptions {
  logger: Logger;
  limits: SocketLimits;
  /** Re-checked before every event (cheap: answered from a short-lived cache). */
  stillValid: CredentialCheck;
  /** What an event of a socket whose credentials ended is answered with. */
  ended?: SocketError;
  /** Added to the log line of a failure (ids only). */
  logContext?: Record<string, string>;
}

interface ListeningSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  use(fn: (packet: unknown[], next: (error?: Error) => void) => void): unknown;
  disconnect(close?: boolean): unknown;
}

/**
 * The one way a socket event is handled, in every namespace: within the socket's event budget
 * (a flood is answered `rate_limited` and then cut off), only while the socket's credentials
 * still hold, no NUL characters, the payload through its zod schema, and an acknowledgement that
 * is the handler's answer or `{ error: { id, message } }` with a stable id.
 */
export class SocketEvents<Events extends { [E in keyof Events]: EventEntry }> {
  constructor(
    private readonly socket: ListeningSocket,
    private readonly options: SocketEventsOptions,
  ) {
    limitEventRate(socket as Parameters<typeof limitEventRate>[0], options.limits);
  }

  on<E extends keyof Events & string, S extends z.ZodType>(
    event: E,
    spec: SocketEventSpec<S, SuccessOf<Events[E]>>,
  ): void {
    this.socket.on(event, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function' && spec.requireAck) return;
      const reply = typeof ack === 'function' ? (ack as (result: unknown) => void) : () => undefined;
      void this.run(spec, payload).then(reply);
    });
  }

  private async run<S extends z.ZodType, R>(
    spec: SocketEventSpec<S, R>,
    payload: unknown,
  ): Promise<R | SocketError> {
    const { logger, stillValid, ended = SESSION_ENDED_ERROR, logContext } = this.options;
    try {
      if (!(await stillValid())) {
        this.socket.disconnect(true);
        return ended;
      }
      const nul = pathOfNulCharacter(payload, 'payload');
      if (nul) return socketError('invalid_character', `${nul} ${NUL_CHARACTER_MESSAGE}`);
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) {
        return socketError(
          spec.invalidId ?? 'validation_failed',
          parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
        );
      }
      return await spec.handle(parsed.data);
    } catch (error) {
      if (error instanceof AppError) return socketError(error.id, error.message);
      logger.error({ err: error, ...logContext }, 'socket event failed');
      return spec.failure ?? INTERNAL_ERROR;
    }
  }
}
