import type { Namespace, Server } from 'socket.io';
import type { Logger } from '../../logger.js';
import type { CheckinService, ReaderIdentity } from '../checkins/checkins.service.js';
import {
  READER_NAMESPACE,
  tapBatchSchema,
  tapSchema,
  type ProtocolError,
  type ReaderConfig,
  type TapBatchResult,
  type TapResult,
} from '@contract/checkins/reader.protocol.js';
import type { ReaderRow } from './readers.queries.js';
import type { ReaderService } from './readers.service.js';

type Ack<T> = (response: T | ProtocolError) => void;

function configOf(reader: ReaderRow): ReaderConfig {
  return {
    readerId: reader.id,
    readerName: reader.name,
    shelterId: reader.shelter_id,
    shelterName: reader.shelter_name,
    mode: reader.mode,
  };
}

function protocolError(id: string, message: string): ProtocolError {
  return { error: { id, message } };
}

const readerRoom = (readerId: string) => `reader:${readerId}`;

/**
 * The `/readers` namespace: card readers authenticate with their device key in the handshake and
 * send taps with acknowledgements. Staff changes (move, mode, revoke, rotate) reach the agent live.
 */
export function attachReaderNamespace(
  io: Server,
  readers: ReaderService,
  checkins: CheckinService,
  logger: Logger,
): Namespace {
  const namespace = io.of(READER_NAMESPACE);
  const identities = new Map<string, ReaderIdentity>();

  namespace.use((socket, next) => {
    const auth = socket.handshake.auth as { deviceKey?: unknown };
    readers
      .authenticate(auth.deviceKey)
      .then((reader) => {
        (socket.data as { reader?: ReaderRow }).reader = reader;
        next();
      })
      .catch((error: unknown) => {
        const id = (error as { id?: string }).id ?? 'reader_auth_unavailable';
        next(Object.assign(new Error(id), { data: { id } }));
      });
  });

  readers.onChange = (reader) => {
    identities.set(reader.id, { id: reader.id, shelterId: reader.shelter_id, mode: reader.mode });
    if (reader.revoked_at) {
      namespace.in(readerRoom(reader.id)).disconnectSockets(true);
      return;
    }
    namespace.to(readerRoom(reader.id)).emit('reader:config', configOf(reader));
  };

  namespace.on('connection', (socket) => {
    const reader = (socket.data as { reader: ReaderRow }).reader;
    identities.set(reader.id, { id: reader.id, shelterId: reader.shelter_id, mode: reader.mode });
    void socket.join(readerRoom(reader.id));
    socket.emit('reader:config', configOf(reader));
    const identity = () => identities.get(reader.id)!;

    const failed = (ack: Ack<never>, error: unknown) => {
      logger.error({ err: error, readerId: reader.id }, 'tap processing failed');
      ack(protocolError('tap_failed', 'The server could not record the tap; keep it and send it again.'));
    };

    socket.on('tap', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const respond = ack as Ack<TapResult>;
      const parsed = tapSchema.safeParse(payload);
      if (!parsed.success) {
        respond(
          protocolError(
            'invalid_tap',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          ),
        );
        return;
      }
      checkins.applyTap(identity(), parsed.data).then(respond, (error: unknown) => failed(respond, error));
    });

    socket.on('taps', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const respond = ack as Ack<TapBatchResult>;
      const parsed = tapBatchSchema.safeParse(payload);
      if (!parsed.success) {
        respond(
          protocolError(
            'invalid_batch',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          ),
        );
        return;
      }
      checkins.applyTaps(identity(), parsed.data.taps).then(
        (results) => respond({ results }),
        (error: unknown) => failed(respond, error),
      );
    });
  });
  return namespace;
}
