import type { Database } from '../../db/database.js';
import { AppError, notFound, tooManyRequests } from '../../http/errors.js';
import type { RateLimiter } from '../../http/rate-limiter.js';
import { assertMayHelpWithKiosk } from '../../policies/index.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import { decoyPasswordHash, verifyPassword } from '../auth/password.js';
import {
  clearPinFailures,
  countPinFailure,
  findSignInCandidate,
  kioskStatusOf,
  lockPinFailures,
  setPinHash,
  unlockCardsOf,
} from './kiosk-pin.queries.js';
import type { KioskRow } from './kiosks.queries.js';
import { newKioskPinHash } from './pin-policy.js';

/** Wrong PINs in a row after which a card is locked for kiosk use until staff unlock it. */
export const MAX_PIN_FAILURES = 5;

/** One answer for an unknown card, a revoked card, a card without an account or PIN, and a wrong PIN. */
const signInFailed = () =>
  new AppError(401, 'kiosk_sign_in_failed', 'The card and PIN do not match. Try again, or ask the staff.');
const cardLocked = () =>
  new AppError(
    423,
    'kiosk_card_locked',
    'This card is locked for the kiosk after too many wrong PINs. The staff can unlock it.',
  );

/** How the access log names a kiosk: the shelter it stands in, then its own name. */
export const kioskVia = (kiosk: KioskRow) => `kiosk at ${kiosk.shelter_name} (${kiosk.name})`.slice(0, 200);

/**
 * Card + PIN at a kiosk, the resident's PIN, and staff clearing a PIN or unlocking a card.
 * The card alone never signs anyone in; the card token (HMAC of the UID) is what is counted and
 * locked, whether or not a card with that token exists, so neither the answer nor the lock tells
 * a card's existence.
 */
export class KioskSignInService {
  constructor(
    private readonly db: Database,
    private readonly tokenFor: (cardUid: string) => string,
    private readonly perKiosk: RateLimiter,
    private readonly sessionsEnded: (idHashes: string[]) => void,
  ) {}

  /** Returns the account to open a kiosk session for, or throws one of two stable answers. */
  async signIn(kiosk: KioskRow, cardUid: string, pin: string): Promise<string> {
    const wait = await this.perKiosk.consume(kiosk.id);
    if (wait > 0) throw tooManyRequests(wait);
    const token = this.tokenFor(cardUid);
    const outcome = await this.db.transaction(async (tx) => {
      if ((await lockPinFailures(tx, token)).locked) return { kind: 'locked' as const };
      const candidate = await findSignInCandidate(tx, token);
      // Always one argon2 verification, so an unknown card takes as long as a wrong PIN.
      const pinOk = await verifyPassword(candidate?.pin_hash ?? (await decoyPasswordHash()), pin);
      if (pinOk && candidate?.user_id && candidate.pin_hash) {
        await clearPinFailures(tx, token);
        await recordAccess(tx, {
          viewer: { id: candidate.user_id, role: 'resident', residentId: candidate.resident_id },
          subjectResidentIds: [candidate.resident_id],
          action: 'kiosk_sign_in',
          via: kioskVia(kiosk),
          includeOwn: true,
        });
        return { kind: 'signed_in' as const, userId: candidate.user_id };
      }
      const locked = await countPinFailure(tx, token, MAX_PIN_FAILURES);
      if (locked && candidate?.user_id) {
        await recordAccess(tx, {
          viewer: { id: candidate.user_id, role: 'resident', residentId: candidate.resident_id },
          subjectResidentIds: [candidate.resident_id],
          action: 'kiosk_card_locked',
          via: kioskVia(kiosk),
          includeOwn: true,
        });
      }
      return { kind: locked ? ('locked' as const) : ('failed' as const) };
    });
    if (outcome.kind === 'signed_in') return outcome.userId;
    throw outcome.kind === 'locked' ? cardLocked() : signInFailed();
  }

  async pinSet(user: SessionUser): Promise<boolean> {
    return (await kioskStatusOf(this.db, user.residentId!))?.pin_set ?? false;
  }

  /** The resident sets or changes their PIN; kiosk sessions open with the old one end. */
  async setPin(user: SessionUser, residentId: string, pin: string): Promise<void> {
    const status = await kioskStatusOf(this.db, residentId);
    const pinHash = await newKioskPinHash(pin, status?.birth_date ?? null);
    await this.replacePin(user, residentId, pinHash, 'kiosk_pin_set');
  }

  async removePin(user: SessionUser, residentId: string): Promise<void> {
    await this.replacePin(user, residentId, null, 'kiosk_pin_removed');
  }

  /** Stores the new PIN hash (or none) with its access-log row; the kiosk sessions it ends go. */
  private async replacePin(
    user: SessionUser,
    residentId: string,
    pinHash: string | null,
    action: 'kiosk_pin_set' | 'kiosk_pin_removed',
  ): Promise<void> {
    const ended = await this.db.transaction(async (tx) => {
      const ended = await setPinHash(tx, user.id, pinHash);
      await recordAccess(tx, {
        viewer: { id: user.id, role: user.role, residentId },
        subjectResidentIds: [residentId],
        action,
        via: 'account page',
        includeOwn: true,
      });
      return ended;
    });
    this.sessionsEnded(ended);
  }

  async statusFor(staff: SessionUser, residentId: string, shelterId: string | undefined) {
    assertMayHelpWithKiosk(staff, shelterId);
    const status = await kioskStatusOf(this.db, residentId);
    if (!status) throw notFound('Person');
    return { pinSet: status.pin_set, hasAccount: status.user_id !== null, locked: status.locked };
  }

  /** Staff, after checking who the person is, unlock their cards for the kiosk (logged). */
  async unlock(staff: SessionUser, residentId: string, shelterId: string | undefined) {
    assertMayHelpWithKiosk(staff, shelterId);
    await this.db.transaction(async (tx) => {
      if (!(await kioskStatusOf(tx, residentId))) throw notFound('Person');
      await unlockCardsOf(tx, residentId);
      await recordAccess(tx, {
        viewer: staff,
        subjectResidentIds: [residentId],
        action: 'kiosk_card_unlocked',
        via: 'POST /api/kiosk/people/:residentId/unlock',
      });
    });
    return this.statusFor(staff, residentId, shelterId);
  }

  /**
   * Staff, after checking who the person is, clear a forgotten PIN (the person sets a new one on
   * their account page); the cards are unlocked and kiosk sessions end with it (logged).
   */
  async resetPin(staff: SessionUser, residentId: string, shelterId: string | undefined) {
    assertMayHelpWithKiosk(staff, shelterId);
    const ended = await this.db.transaction(async (tx) => {
      const status = await kioskStatusOf(tx, residentId);
      if (!status) throw notFound('Person');
      const ended = status.user_id ? await setPinHash(tx, status.user_id, null) : [];
      await unlockCardsOf(tx, residentId);
      await recordAccess(tx, {
        viewer: staff,
        subjectResidentIds: [residentId],
        action: 'kiosk_pin_reset',
        via: 'POST /api/kiosk/people/:residentId/reset-pin',
      });
      return ended;
    });
    this.sessionsEnded(ended);
    return this.statusFor(staff, residentId, shelterId);
  }
}
