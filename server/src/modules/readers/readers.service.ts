import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import {
  findActiveReaderByKeyHash,
  findReader,
  insertReader,
  listReaders,
  touchReader,
  updateReader,
  type ReaderRow,
} from './readers.queries.js';

const KEY_PREFIX = 'hrk_';

export function hashDeviceKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** 256 random bits; the prefix makes a leaked key easy to recognise in secret scanners. */
function newDeviceKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export const readerKeyInvalid = () =>
  new AppError(
    401,
    'reader_key_invalid',
    'Unknown or revoked reader key. Register the reader again in the shelter console.',
  );

/** `updated`: name, mode or shelter; `rotated`: a new key; `revoked`: no key at all. */
export type ReaderChange = 'updated' | 'rotated' | 'revoked';

export class ReaderService {
  /**
   * Called whenever a reader's shelter, mode or key changes, so connected agents follow; a new
   * key or a revocation ends the sockets opened with the old one (readers.socket.ts).
   */
  onChange: (reader: ReaderRow, change: ReaderChange) => void = () => undefined;

  constructor(private readonly db: Database) {}

  async register(
    user: SessionUser,
    input: { shelterId: string; name: string; mode: 'toggle' | 'in' | 'out' },
  ) {
    assertMayManageShelter(user, input.shelterId);
    const deviceKey = newDeviceKey();
    const { rowCount } = await this.db.query('SELECT 1 FROM shelters WHERE id = $1', [input.shelterId]);
    if (rowCount === 0) throw notFound('Shelter');
    const reader = await insertReader(this.db, {
      ...input,
      keyHash: hashDeviceKey(deviceKey),
      createdBy: user.id,
    });
    return { reader, deviceKey };
  }

  async list(user: SessionUser, shelterId: string): Promise<ReaderRow[]> {
    assertMayManageShelter(user, shelterId);
    return listReaders(this.db, shelterId);
  }

  private async load(user: SessionUser, readerId: string): Promise<ReaderRow> {
    const reader = await findReader(this.db, readerId);
    if (!reader) throw notFound('Reader');
    assertMayManageShelter(user, reader.shelter_id);
    return reader;
  }

  async update(
    user: SessionUser,
    readerId: string,
    change: { name?: string; mode?: 'toggle' | 'in' | 'out'; shelterId?: string },
  ) {
    const reader = await this.load(user, readerId);
    if (reader.revoked_at) throw conflict('reader_revoked', 'This reader is revoked.');
    if (change.shelterId) assertMayManageShelter(user, change.shelterId);
    const updated = (await updateReader(this.db, readerId, change))!;
    this.onChange(updated, 'updated');
    return updated;
  }

  async rotateKey(user: SessionUser, readerId: string) {
    const reader = await this.load(user, readerId);
    if (reader.revoked_at) throw conflict('reader_revoked', 'This reader is revoked.');
    const deviceKey = newDeviceKey();
    const updated = (await updateReader(this.db, readerId, { keyHash: hashDeviceKey(deviceKey) }))!;
    this.onChange(updated, 'rotated');
    return { reader: updated, deviceKey };
  }

  async revoke(user: SessionUser, readerId: string) {
    await this.load(user, readerId);
    const updated = (await updateReader(this.db, readerId, { revoke: true }))!;
    this.onChange(updated, 'revoked');
    return updated;
  }

  async authenticate(deviceKey: unknown): Promise<ReaderRow> {
    if (typeof deviceKey !== 'string' || !deviceKey.startsWith(KEY_PREFIX) || deviceKey.length > 100)
      throw readerKeyInvalid();
    const reader = await findActiveReaderByKeyHash(this.db, hashDeviceKey(deviceKey));
    if (!reader) throw readerKeyInvalid();
    await touchReader(this.db, reader.id);
    return reader;
  }

  /** The reader a key (by its hash) belongs to while the key is current; undefined once rotated or revoked. */
  async current(keyHash: string): Promise<ReaderRow | undefined> {
    return findActiveReaderByKeyHash(this.db, keyHash);
  }
}
