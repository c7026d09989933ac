import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/database.js';
import { badRequest, notFound } from '../../http/errors.js';
import { rooms } from '../../realtime/events.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import { endUserSockets } from '../../realtime/user-sockets.js';
import { assertMayIssueEnrolmentCodes } from '../../policies/index.js';
import { recordAccess } from '../audit/record-access.js';
import { insertUser } from '../auth/auth.queries.js';
import type { SessionUser } from '../auth/auth.types.js';
import { hashPassword } from '../auth/password.js';
import { newKioskPinHash } from '../kiosk/pin-policy.js';
import { setPinHash } from '../kiosk/kiosk-pin.queries.js';
import { PASSWORD_PROBLEM_TEXT, passwordProblems } from '../auth/password-policy.js';
import { lockInboxWriters } from '../inbox/inbox-writers.js';
import { generateEnrolmentCode, hashEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code.js';
import {
  accountDisabled,
  enrolmentInvalid,
  enrolmentMinor,
  enrolmentRateLimited,
  passkeyInvalid,
} from './enrolment.errors.js';
import type { EnrolmentLimiters } from './enrolment.limits.js';
import {
  countWrongBirthDate,
  findClaimableCode,
  findOpenCode,
  findPersonForIssue,
  hasAccount,
  insertAccountEntry,
  insertCode,
  markCodeUsed,
  resetCredentials,
  revokeCode,
  revokeOpenCode,
  setPasswordHash,
  shelterExists,
  type ClaimableCode,
} from './enrolment.queries.js';
import type { registrationResponse } from '@contract/enrolment/passkey.schema.js';
import { insertChallenge, insertPasskey, takeChallenge } from './passkeys.queries.js';
import { registrationOptionsFor, verifiedPasskey } from './passkey-ceremony.js';
import type { RelyingParty } from './relying-party.js';
import { AppError } from '../../http/errors.js';
import { entryEvent } from '../inbox/inbox.present.js';
import type { JobEngine } from '../jobs/job-engine.js';
import { queueClaimNotice } from './claim-notices/claim-notice.jobs.js';
import { tellHousehold } from './claim-notices/tell-household.js';

export interface EnrolmentSettings {
  codeDays: number;
  minAge: number;
  /** Wrong birth dates a code takes over its life before it revokes itself. */
  maxWrongBirthDates: number;
}

export interface IssuedCode {
  codeId: string;
  code: string;
  expiresAt: Date;
  recovery: boolean;
  displayName: string;
}

export interface ClaimInput {
  code: string;
  birthDate: string;
  password?: string | undefined;
  passkey?: z.output<typeof registrationResponse> | undefined;
  kioskPin?: string | undefined;
}

export interface ClaimResult {
  userId: string;
  username: string;
  recovered: boolean;
  endedSessionHashes: string[];
}

/** A resident account's sign-in id, shown once after enrolling (passkeys do not need it). */
const usernameAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
function newResidentUsername(): string {
  const bytes = randomBytes(10);
  return `r-${[...bytes].map((byte) => usernameAlphabet[byte % usernameAlphabet.length]).join('')}`;
}

/**
 * Enrolment codes from issue to claim: staff issue a code for one registry person; the person
 * claims it with their birth date and sets up a passkey and/or a password. A code for someone who
 * already has an account is a recovery code: claiming it replaces the account's credentials and
 * ends its sessions.
 */
export class EnrolmentService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    private readonly settings: EnrolmentSettings,
    private readonly limiters: EnrolmentLimiters,
    private readonly jobs: JobEngine,
    private readonly onSessionsEnded: (idHashes: string[]) => void = () => undefined,
  ) {}

  /** Issues a new code for the person, revoking their previous open one. */
  async issue(
    user: SessionUser,
    request: { residentId: string; shelterId?: string | undefined },
  ): Promise<IssuedCode> {
    assertMayIssueEnrolmentCodes(user, request.shelterId);
    const code = generateEnrolmentCode();
    return this.db.transaction(async (tx) => {
      const person = await findPersonForIssue(tx, request.residentId, this.settings.minAge);
      if (!person) throw notFound('Person');
      // HQ may name any shelter, so it must be one that exists.
      if (request.shelterId && !(await shelterExists(tx, request.shelterId))) throw notFound('Shelter');
      if (!person.old_enough) throw enrolmentMinor(this.settings.minAge);
      if (person.user_id && (person.disabled || person.user_role !== 'resident')) throw accountDisabled();
      const recovery = person.user_id !== null;
      const replaced = await revokeOpenCode(tx, person.id, user.id);
      const row = await insertCode(tx, {
        residentId: person.id,
        codeHash: hashEnrolmentCode(normaliseEnrolmentCode(code)!),
        purpose: recovery ? 'recovery' : 'enrol',
        issuedBy: user.id,
        shelterId: request.shelterId ?? null,
        validDays: this.settings.codeDays,
      });
      if (replaced) await this.log(tx, user, person.id, 'enrolment_code_revoked', 'replaced by a new code');
      await this.log(
        tx,
        user,
        person.id,
        'enrolment_code_issued',
        recovery ? 'account recovery' : 'enrolment',
      );
      return { codeId: row.id, code, expiresAt: row.expires_at, recovery, displayName: person.display_name };
    });
  }

  async revoke(
    user: SessionUser,
    request: { codeId: string; shelterId?: string | undefined },
  ): Promise<void> {
    assertMayIssueEnrolmentCodes(user, request.shelterId);
    await this.db.transaction(async (tx) => {
      const revoked = await revokeCode(tx, request.codeId, user.id);
      if (!revoked) throw notFound('Open enrolment code');
      await this.log(tx, user, revoked.resident_id, 'enrolment_code_revoked', 'revoked by staff');
    });
  }

  /** Whether the person has an account, and their open code (without the code itself). */
  async status(user: SessionUser, request: { residentId: string; shelterId?: string | undefined }) {
    assertMayIssueEnrolmentCodes(user, request.shelterId);
    const [enrolled, open] = await Promise.all([
      hasAccount(this.db, request.residentId),
      findOpenCode(this.db, request.residentId),
    ]);
    return { enrolled, openCode: open ?? null };
  }

  /**
   * The first step of a claim: checks the code and birth date and hands out the passkey options
   * (their challenge is tied to the code). Nothing changes until `claim`.
   */
  async start(
    input: { code: string; birthDate: string },
    address: string,
    rp: RelyingParty,
  ): Promise<{ displayName: string; recovery: boolean; passkeyOptions: Record<string, unknown> }> {
    const claimable = await this.countingWrongBirthDates(input, () =>
      this.checkedClaim(input, address, this.db, false),
    );
    const options = await registrationOptionsFor(rp, claimable.display_name);
    await insertChallenge(this.db, { value: options.challenge, purpose: 'enrol', codeId: claimable.id });
    return {
      displayName: claimable.display_name,
      recovery: claimable.user_id !== null,
      passkeyOptions: options as unknown as Record<string, unknown>,
    };
  }

  /**
   * Claims the code: in one transaction the account is created (or its credentials replaced), the
   * passkey and/or password stored, the code used, the act logged and the person's inbox told.
   * Nothing is left half-done when any of it fails.
   */
  async claim(input: ClaimInput, address: string, rp: RelyingParty): Promise<ClaimResult> {
    // Counted before anything is checked; the password is hashed only once the limits allow.
    await this.consumeLimits(input.code, address);
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password);
      if (problems.length > 0) {
        throw badRequest(
          'weak_password',
          `Choose another password: ${problems.map((problem) => PASSWORD_PROBLEM_TEXT[problem]).join('; ')}.`,
          problems.map((problem) => ({ path: 'body.password', problem })),
        );
      }
    }
    const pinHash =
      input.kioskPin === undefined ? null : await newKioskPinHash(input.kioskPin, input.birthDate);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    const hashes = { pinHash, passwordHash };
    const result = await this.countingWrongBirthDates(input, () =>
      this.claimInTransaction(input, rp, hashes),
    );
    // Every old session ended in the transaction; their sockets must stop receiving too.
    if (result.recovered) {
      this.onSessionsEnded(result.endedSessionHashes);
      if (this.io) endUserSockets(this.io, result.userId);
    }
    return result;
  }

  private claimInTransaction(
    input: ClaimInput,
    rp: RelyingParty,
    hashes: { pinHash: string | null; passwordHash: string | null },
  ) {
    const { pinHash, passwordHash } = hashes;
    return transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const claimable = await this.findClaimable(input, tx, true);
      const passkey = input.passkey ? await this.verifyNewPasskey(tx, claimable, input.passkey, rp) : null;
      const recovered = claimable.user_id !== null;
      const userId =
        claimable.user_id ??
        (await insertUser(tx, {
          username: newResidentUsername(),
          passwordHash: null,
          displayName: claimable.display_name,
          role: 'resident',
          residentId: claimable.resident_id,
        }));
      const endedSessionHashes = recovered ? await resetCredentials(tx, userId) : [];
      if (passwordHash) await setPasswordHash(tx, userId, passwordHash);
      if (pinHash) await setPinHash(tx, userId, pinHash);
      if (passkey) await insertPasskey(tx, { ...passkey, userId });
      await markCodeUsed(tx, claimable.id, userId);
      const viewer = { id: userId, role: 'resident' as const, residentId: claimable.resident_id };
      await recordAccess(tx, {
        viewer,
        subjectResidentIds: [claimable.resident_id],
        action: recovered ? 'account_recovered' : 'account_enrolled',
        purpose: [passkey && 'passkey', passwordHash && 'password'].filter(Boolean).join(' + '),
        via: 'POST /api/enrolment/claim',
        includeOwn: true,
      });
      await lockInboxWriters(tx);
      const position = await insertAccountEntry(
        tx,
        claimable.resident_id,
        recovered ? 'recovered' : 'enrolled',
      );
      outbox.add(rooms.user(userId), 'inbox:new', entryEvent(position, 'account'));
      const household = recovered ? [] : await tellHousehold(tx, outbox, claimable.resident_id);
      await queueClaimNotice(this.jobs, tx, {
        codeId: claimable.id,
        residentId: claimable.resident_id,
        userId,
        event: recovered ? 'recovered' : 'enrolled',
        household,
      });
      const username = claimable.username ?? (await usernameOf(tx, userId));
      return { userId, username, recovered, endedSessionHashes };
    });
  }

  /**
   * A claim refused as invalid counts a wrong birth date against its code (when that is why), once
   * the refusal is final: after the claim's transaction rolled back, so the count stays.
   */
  private async countingWrongBirthDates<T>(
    input: { code: string; birthDate: string },
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const normalised = normaliseEnrolmentCode(input.code);
      if (error instanceof AppError && error.id === 'enrolment_invalid' && normalised) {
        await countWrongBirthDate(this.db, {
          codeHash: hashEnrolmentCode(normalised),
          birthDate: input.birthDate,
          max: this.settings.maxWrongBirthDates,
        });
      }
      throw error;
    }
  }

  private async checkedClaim(
    input: { code: string; birthDate: string },
    address: string,
    db: Queryable,
    lock: boolean,
  ): Promise<ClaimableCode> {
    await this.consumeLimits(input.code, address);
    return this.findClaimable(input, db, lock);
  }

  private async findClaimable(
    input: { code: string; birthDate: string },
    db: Queryable,
    lock: boolean,
  ): Promise<ClaimableCode> {
    const normalised = normaliseEnrolmentCode(input.code);
    if (!normalised) throw enrolmentInvalid();
    const claimable = await findClaimableCode(db, {
      codeHash: hashEnrolmentCode(normalised),
      birthDate: input.birthDate,
      minAge: this.settings.minAge,
      lock,
    });
    if (!claimable) throw enrolmentInvalid();
    return claimable;
  }

  /** Per code (as typed, normalised when it can be), per address and for everyone together. */
  private async consumeLimits(code: string, address: string): Promise<void> {
    const codeKey = normaliseEnrolmentCode(code) ?? code.slice(0, 64);
    const wait = Math.max(
      await this.limiters.global.consume('all'),
      await this.limiters.perAddress.consume(address),
      await this.limiters.perCode.consume(hashEnrolmentCode(codeKey)),
    );
    if (wait > 0) throw enrolmentRateLimited(wait);
  }

  private async verifyNewPasskey(
    tx: Queryable,
    claimable: ClaimableCode,
    response: z.output<typeof registrationResponse>,
    rp: RelyingParty,
  ) {
    const challenge = challengeOf(response.response.clientDataJSON);
    if (
      !challenge ||
      !(await takeChallenge(tx, { value: challenge, purpose: 'enrol', codeId: claimable.id }))
    ) {
      throw passkeyInvalid();
    }
    return verifiedPasskey(response, challenge, rp);
  }

  private log(
    tx: Queryable,
    user: SessionUser,
    residentId: string,
    action: 'enrolment_code_issued' | 'enrolment_code_revoked',
    purpose: string,
  ): Promise<void> {
    return recordAccess(tx, {
      viewer: user,
      subjectResidentIds: [residentId],
      action,
      purpose,
      via:
        action === 'enrolment_code_issued'
          ? 'POST /api/enrolment/codes'
          : 'POST /api/enrolment/codes/:id/revoke',
    });
  }
}

async function usernameOf(db: Queryable, userId: string): Promise<string> {
  const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE id = $1', [userId]);
  return rows[0]!.username;
}

/** The challenge the browser signed, read from its client data (checked again by the library). */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as {
      challenge?: unknown;
    };
    return typeof parsed.challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(parsed.challenge)
      ? parsed.challenge
      : null;
  } catch {
    return null;
  }
}
