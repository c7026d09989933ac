import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../http/errors.js';
import { assertMayManageShelter } from '../../policies/index.js';
import type { SessionUser } from '../auth/auth.types.js';
import { hashDeviceKey } from '../readers/readers.service.js';
import {
  deleteKioskSessions,
  findKiosk,
  insertKiosk,
  listKiosks,
  revokeKiosk,
  rotateKioskKey,
  touchActiveKioskByKeyHash,
  type KioskRow,
} from './kiosks.queries.js';

/** Not a reader key's prefix: a key pasted in the wrong place is refused by its shape at once. */
const KEY_PREFIX = 'hkk_';

/** 256 random bits; the prefix makes a leaked key easy to recognise in secret scanners. */
function newDeviceKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export const kioskKeyInvalid = () =>
  new AppError(
    401,
    'kiosk_key_invalid',
    'Unknown or revoked kiosk key. Staff set this kiosk up again from the shelter console.',
  );

/**
 * Kiosk devices: registered to a shelter by its staff, like card readers, with a device key shown
 * once. Rotating or revoking the key ends every session opened at the kiosk, and their sockets.
 */
export class KioskService {
  constructor(
    private readonly db: Database,
    private readonly sessionsEnded: (idHashes: string[]) => void,
  ) {}

  async register(user: SessionUser, input: { shelterId: string; name: string }) {
    assertMayManageShelter(user, input.shelterId);
    const { rowCount } = await this.db.query('SELECT 1 FROM shelters WHERE id = $1', [input.shelterId]);
    if (rowCount === 0) throw notFound('Shelter');
    const deviceKey = newDeviceKey();
    const kiosk = await insertKiosk(this.db, {
      ...input,
      keyHash: hashDeviceKey(deviceKey),
      createdBy: user.id,
    });
    return { kiosk, deviceKey };
  }

  async list(user: SessionUser, shelterId: string): Promise<KioskRow[]> {
    assertMayManageShelter(user, shelterId);
    return listKiosks(this.db, shelterId);
  }

  private async load(user: SessionUser, kioskId: string): Promise<KioskRow> {
    const kiosk = await findKiosk(this.db, kioskId);
    if (!kiosk) throw notFound('Kiosk');
    assertMayManageShelter(user, kiosk.shelter_id);
    return kiosk;
  }

  async rotateKey(user: SessionUser, kioskId: string) {
    const kiosk = await this.load(user, kioskId);
    if (kiosk.revoked_at) throw conflict('kiosk_revoked', 'This kiosk is revoked.');
    const deviceKey = newDeviceKey();
    const ended = await this.db.transaction(async (tx) => {
      await rotateKioskKey(tx, kioskId, hashDeviceKey(deviceKey));
      return deleteKioskSessions(tx, kioskId);
    });
    this.sessionsEnded(ended);
    return { kiosk: (await findKiosk(this.db, kioskId))!, deviceKey };
  }

  async revoke(user: SessionUser, kioskId: string): Promise<KioskRow> {
    await this.load(user, kioskId);
    const ended = await this.db.transaction(async (tx) => {
      await revokeKiosk(tx, kioskId);
      return deleteKioskSessions(tx, kioskId);
    });
    this.sessionsEnded(ended);
    return (await findKiosk(this.db, kioskId))!;
  }

  /** The kiosk whose current key this is (Authorization: Bearer), or `kiosk_key_invalid`. */
  async authenticate(deviceKey: string | undefined): Promise<KioskRow> {
    if (!deviceKey || !deviceKey.startsWith(KEY_PREFIX) || deviceKey.length > 100) throw kioskKeyInvalid();
    const kiosk = await touchActiveKioskByKeyHash(this.db, hashDeviceKey(deviceKey));
    if (!kiosk) throw kioskKeyInvalid();
    return kiosk;
  }
}
