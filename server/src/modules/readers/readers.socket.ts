import type { Namespace, Server } from 'socket.io';
import type { Logger } from '../../logger.js';
import { SocketEvents, socketError } from '../../realtime/socket-handler.js';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from '../../realtime/socket-limits.js';
import type { CheckinService, ReaderIdentity } from '../checkins/checkins.service.js';
import {
  READER_NAMESPACE,
  tapBatchSchema,
  tapSchema,
  type ReaderClientToServerEvents,
  type ReaderConfig,
  type ReaderServerToClientEvents,
} from '@contract/checkins/reader.protocol.js';
import type { ReaderRow } from './readers.queries.js';
import { hashDeviceKey, readerKeyInvalid, type ReaderService } from './readers.service.js';

export interface ReaderSocketData {
  reader: ReaderRow;
  /** The hash of the key the socket opened with: it must stay the reader's current key. */
  keyHash: string;
}

export type ReaderNamespace = Namespace<
  ReaderClientToServerEvents,
  ReaderServerToClientEvents,
  Record<string, never>,
  ReaderSocketData
>;

/**
 * A reader is one device on a shelter PC, but replaying a backlog or a benchmark sends hundreds
 * of taps a second over one socket: its budget is far above a browser's, and still bounded.
 */
export const READER_SOCKET_LIMITS: SocketLimits = {
  ...DEFAULT_SOCKET_LIMITS,
  eventBurst: 1_000,
  eventsPerSecond: 500,
  disconnectAfterDropped: 5_000,
};

/**
 * How long a socket's key is believed current without asking the database. Rotation and
 * revocation end the sockets at once on every node; this bounds anything that bypassed that.
 */
const KEY_TRUST_MS = 30_000;

const TAP_FAILED = socketError(
  'tap_failed',
  'The server could not record the tap; keep it and send it again.',
);

function configOf(reader: ReaderRow): ReaderConfig {
  return {
    readerId: reader.id,
    readerName: reader.name,
    shelterId: reader.shelter_id,
    shelterName: reader.shelter_name,
    mode: reader.mode,
  };
}

const identityOf = (reader: ReaderRow): ReaderIdentity => ({
  id: reader.id,
  shelterId: reader.shelter_id,
  mode: reader.mode,
});

const readerRoom = (readerId: string) => `reader:${readerId}`;

/**
 * The `/readers` namespace: card readers authenticate with their device key in the handshake and
 * send taps with acknowledgements. Staff changes (move, mode) reach the agent live; a new key or a
 * revocation disconnects every socket of the reader on every node (through the adapter), and the
 * agent must come back with the current key.
 */
export function attachReaderNamespace(
  io: Server,
  readers: ReaderService,
  checkins: CheckinService,
  logger: Logger,
): ReaderNamespace {
  const namespace = io.of(READER_NAMESPACE) as unknown as ReaderNamespace;
  const identities = new Map<string, ReaderIdentity>();

  namespace.use((socket, next) => {
    const auth = socket.handshake.auth as { deviceKey?: unknown };
    readers
      .authenticate(auth.deviceKey)
      .then((reader) => {
        socket.data.reader = reader;
        socket.data.keyHash = hashDeviceKey(auth.deviceKey as string);
        next();
      })
      .catch((error: unknown) => {
        const id = (error as { id?: string }).id ?? 'reader_auth_unavailable';
        next(Object.assign(new Error(id), { data: { id } }));
      });
  });

  readers.onChange = (reader, change) => {
    identities.set(reader.id, identityOf(reader));
    if (change !== 'updated') {
      namespace.in(readerRoom(reader.id)).disconnectSockets(true);
      return;
    }
    namespace.to(readerRoom(reader.id)).emit('reader:config', configOf(reader));
  };

  namespace.on('connection', (socket) => {
    const { reader, keyHash } = socket.data;
    identities.set(reader.id, identityOf(reader));
    void socket.join(readerRoom(reader.id));
    socket.emit('reader:config', configOf(reader));
    const identity = () => identities.get(reader.id)!;

    let trustedUntil = Date.now() + KEY_TRUST_MS;
    const keyStillCurrent = async () => {
      if (Date.now() < trustedUntil) return true;
      const current = await readers.current(keyHash);
      if (current?.id !== reader.id) return false;
      // A change made through another node reached this socket as `reader:config`; the taps
      // follow it from here on.
      identities.set(reader.id, identityOf(current));
      trustedUntil = Date.now() + KEY_TRUST_MS;
      return true;
    };
    const invalidKey = readerKeyInvalid();
    const events = new SocketEvents<ReaderClientToServerEvents>(socket, {
      logger,
      limits: READER_SOCKET_LIMITS,
      stillValid: keyStillCurrent,
      ended: socketError(invalidKey.id, invalidKey.message),
      logContext: { readerId: reader.id },
    });

    events.on('tap', {
      schema: tapSchema,
      invalidId: 'invalid_tap',
      failure: TAP_FAILED,
      requireAck: true,
      handle: (tap) => checkins.applyTap(identity(), tap),
    });
    events.on('taps', {
      schema: tapBatchSchema,
      invalidId: 'invalid_batch',
      failure: TAP_FAILED,
      requireAck: true,
      handle: async (batch) => ({ results: await checkins.applyTaps(identity(), batch.taps) }),
    });
  });
  return namespace;
}
