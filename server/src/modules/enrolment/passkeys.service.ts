import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import {
  enrolmentRateLimited,
  lastCredential,
  passkeyInvalid,
  passkeySignInFailed,
} from './enrolment.errors.js';
import type { EnrolmentLimiters } from './enrolment.limits.js';
import { challengeOf } from './enrolment.service.js';
import type { authenticationResponse, registrationResponse } from '@contract/enrolment/passkey.schema.js';
import {
  authenticationOptionsFor,
  registrationOptionsFor,
  verifiedPasskey,
  verifiedSignIn,
} from './passkey-ceremony.js';
import {
  deletePasskey,
  findActivePasskey,
  insertChallenge,
  insertPasskey,
  listPasskeys,
  markPasskeyUsed,
  takeChallenge,
  type PasskeyRow,
} from './passkeys.queries.js';
import type { RelyingParty } from './relying-party.js';

export const presentPasskey = (row: PasskeyRow) => ({
  id: row.credential_id,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  backedUp: row.backed_up,
});

/** Signing in with a passkey, and an account's own passkeys (several per account). */
export class PasskeyService {
  constructor(
    private readonly db: Database,
    private readonly limiters: EnrolmentLimiters,
  ) {}

  async signInOptions(address: string, rp: RelyingParty): Promise<Record<string, unknown>> {
    const wait = await this.limiters.passkeyPerAddress.consume(address);
    if (wait > 0) throw enrolmentRateLimited(wait);
    const options = await authenticationOptionsFor(rp);
    await insertChallenge(this.db, { value: options.challenge, purpose: 'sign_in' });
    return options as unknown as Record<string, unknown>;
  }

  /** The account whose passkey signed the challenge; the challenge is used up either way. */
  async signIn(response: z.output<typeof authenticationResponse>, rp: RelyingParty): Promise<string> {
    const challenge = challengeOf(response.response.clientDataJSON);
    if (!challenge || !(await takeChallenge(this.db, { value: challenge, purpose: 'sign_in' }))) {
      throw passkeySignInFailed();
    }
    const passkey = await findActivePasskey(this.db, response.id);
    if (!passkey) throw passkeySignInFailed();
    const counter = await verifiedSignIn(response, challenge, passkey, rp);
    await markPasskeyUsed(this.db, passkey.credential_id, counter);
    return passkey.user_id;
  }

  async list(user: SessionUser) {
    return (await listPasskeys(this.db, user.id)).map(presentPasskey);
  }

  async addOptions(user: SessionUser, rp: RelyingParty): Promise<Record<string, unknown>> {
    const existing = await listPasskeys(this.db, user.id);
    const options = await registrationOptionsFor(rp, user.displayName, existing);
    await insertChallenge(this.db, { value: options.challenge, purpose: 'add_passkey', userId: user.id });
    return options as unknown as Record<string, unknown>;
  }

  async add(user: SessionUser, response: z.output<typeof registrationResponse>, rp: RelyingParty) {
    const challenge = challengeOf(response.response.clientDataJSON);
    return this.db.transaction(async (tx) => {
      if (
        !challenge ||
        !(await takeChallenge(tx, { value: challenge, purpose: 'add_passkey', userId: user.id }))
      ) {
        throw passkeyInvalid();
      }
      const passkey = await verifiedPasskey(response, challenge, rp);
      await insertPasskey(tx, { ...passkey, userId: user.id });
      if (user.residentId) {
        await recordAccess(tx, {
          viewer: user,
          subjectResidentIds: [user.residentId],
          action: 'passkey_added',
          via: 'POST /api/me/passkeys',
          includeOwn: true,
        });
      }
      return (await listPasskeys(tx, user.id)).map(presentPasskey);
    });
  }

  async remove(user: SessionUser, credentialId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const outcome = await deletePasskey(tx, user.id, credentialId);
      if (outcome === 'not_found') throw notFound('Passkey');
      if (outcome === 'last_credential') throw lastCredential();
      if (user.residentId) {
        await recordAccess(tx, {
          viewer: user,
          subjectResidentIds: [user.residentId],
          action: 'passkey_removed',
          via: 'DELETE /api/me/passkeys/:id',
          includeOwn: true,
        });
      }
    });
  }
}
