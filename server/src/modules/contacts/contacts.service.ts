import type { Database, Queryable } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import type { Logger } from '../../logger.js';
import { assertMayManageOwnContacts } from '../../policies/index.js';
import { recordAccess, type AccessAction } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { ProtocolSenders } from '../delivery/channel-senders.js';
import type { ChannelSender, SendResult } from '../delivery/channel.types.js';
import { normaliseAddress } from '@contract/contacts/addresses.js';
import { CONSENT_VERSION } from '@contract/contacts/consent.js';
import type { ContactChannel, ContactPoint, ContactSettings } from '@contract/contacts/contacts.schema.js';
import {
  addressInvalid,
  addressRejected,
  channelUnavailable,
  codeInvalid,
  consentVersionOutdated,
  sendFailed,
} from './contacts.errors.js';
import type { CodeSendLimits } from './contacts.limits.js';
import { presentContactPoint } from './contacts.presenter.js';
import {
  countWrongCode,
  deleteContactPoint,
  findContactPoint,
  giveConsent,
  listContactPoints,
  markGone,
  markVerified,
  storeCode,
  upsertAddress,
  withdrawConsent,
  type ContactPointRow,
} from './contacts.queries.js';
import {
  CODE_MAX_ATTEMPTS,
  CODE_TTL_SECONDS,
  codeMatches,
  hashCode,
  newVerificationCode,
} from './verification-code.js';
import { verificationMessage } from './verification-message.js';

export interface ContactsDeps {
  db: Database;
  channels: Pick<ProtocolSenders, 'email' | 'sms'>;
  limits: CodeSendLimits;
  logger: Logger;
  settingsUrl: string;
}

const VIA = {
  set: 'PUT /api/me/contacts/:channel',
  resend: 'POST /api/me/contacts/:channel/code',
  verify: 'POST /api/me/contacts/:channel/verify',
  consent: 'PUT /api/me/contacts/:channel/consent',
  remove: 'DELETE /api/me/contacts/:channel',
} as const;

/**
 * A resident's own e-mail address and mobile number: set (a code goes out), confirm with the code,
 * consent per channel, remove. Every change is in the person's access log; addresses and codes
 * never reach a log line.
 */
export class ContactsService {
  constructor(private readonly deps: ContactsDeps) {}

  async settings(user: SessionUser | null): Promise<ContactSettings> {
    const { residentId } = assertMayManageOwnContacts(user);
    const rows = await listContactPoints(this.deps.db, residentId);
    return {
      channels: { email: this.deps.channels.email !== null, sms: this.deps.channels.sms !== null },
      consentVersion: CONSENT_VERSION,
      points: rows.map((row) => presentContactPoint(row)),
    };
  }

  async setAddress(user: SessionUser | null, channel: ContactChannel, typed: string): Promise<ContactPoint> {
    const me = assertMayManageOwnContacts(user);
    this.senderOf(channel);
    const address = normaliseAddress(channel, typed);
    if (!address) throw addressInvalid(channel);
    const existing = await findContactPoint(this.deps.db, me.residentId, channel);
    // The same, already verified address: nothing to prove again, no code to send.
    if (existing?.address === address && existing.verified_at) return presentContactPoint(existing);
    await this.deps.limits.take(me.residentId, channel, address);
    const code = newVerificationCode();
    const row = await this.deps.db.transaction(async (tx) => {
      const point =
        existing?.address === address ? existing : await upsertAddress(tx, me.residentId, channel, address);
      await this.record(tx, me.user, 'contact_point_set', VIA.set);
      return storeCode(tx, point.id, hashCode(point.id, code), CODE_TTL_SECONDS);
    });
    return this.sendCode(row, code);
  }

  async resendCode(user: SessionUser | null, channel: ContactChannel): Promise<ContactPoint> {
    const me = assertMayManageOwnContacts(user);
    this.senderOf(channel);
    const existing = await findContactPoint(this.deps.db, me.residentId, channel);
    if (!existing) throw notFound('Contact point');
    if (existing.verified_at) return presentContactPoint(existing);
    await this.deps.limits.take(me.residentId, channel, existing.address);
    const code = newVerificationCode();
    const row = await storeCode(this.deps.db, existing.id, hashCode(existing.id, code), CODE_TTL_SECONDS);
    return this.sendCode(row, code);
  }

  async verify(user: SessionUser | null, channel: ContactChannel, code: string): Promise<ContactPoint> {
    const me = assertMayManageOwnContacts(user);
    const outcome = await this.deps.db.transaction(async (tx) => {
      const row = await findContactPoint(tx, me.residentId, channel, true);
      if (!row) return 'invalid' as const;
      if (row.verified_at) return row;
      const pending = row.code_hash && row.code_expires_at && row.code_expires_at > new Date();
      if (!pending || !row.code_hash) return 'invalid' as const;
      if (!codeMatches(row.id, code, row.code_hash)) {
        // Counted in this transaction, which commits: the refusal is thrown after it.
        await countWrongCode(tx, row.id, CODE_MAX_ATTEMPTS);
        return 'invalid' as const;
      }
      await markVerified(tx, row.id);
      await this.record(tx, me.user, 'contact_point_verified', VIA.verify);
      return (await findContactPoint(tx, me.residentId, channel))!;
    });
    if (outcome === 'invalid') throw codeInvalid();
    return presentContactPoint(outcome);
  }

  async setConsent(
    user: SessionUser | null,
    channel: ContactChannel,
    consent: { given: boolean; version?: string | undefined },
  ): Promise<ContactPoint> {
    const me = assertMayManageOwnContacts(user);
    if (consent.given && consent.version !== CONSENT_VERSION) throw consentVersionOutdated(CONSENT_VERSION);
    return this.deps.db.transaction(async (tx) => {
      const row = await findContactPoint(tx, me.residentId, channel, true);
      if (!row) throw notFound('Contact point');
      const standing = row.consent_at !== null && row.withdrawn_at === null;
      if (consent.given && !(standing && row.consent_version === CONSENT_VERSION)) {
        await giveConsent(tx, row.id, CONSENT_VERSION);
        await this.record(tx, me.user, 'contact_consent_given', VIA.consent);
      } else if (!consent.given && standing) {
        await withdrawConsent(tx, row.id);
        await this.record(tx, me.user, 'contact_consent_withdrawn', VIA.consent);
      }
      return presentContactPoint((await findContactPoint(tx, me.residentId, channel))!);
    });
  }

  async remove(user: SessionUser | null, channel: ContactChannel): Promise<void> {
    const me = assertMayManageOwnContacts(user);
    await this.deps.db.transaction(async (tx) => {
      const row = await findContactPoint(tx, me.residentId, channel, true);
      if (!row) throw notFound('Contact point');
      await deleteContactPoint(tx, row.id);
      await this.record(tx, me.user, 'contact_point_removed', VIA.remove);
    });
  }

  private senderOf<C extends ContactChannel>(channel: C): ChannelSender<C> {
    const sender = this.deps.channels[channel] as ChannelSender<C> | null;
    if (!sender) throw channelUnavailable(channel);
    return sender;
  }

  /** Sends the code after its hash is committed; a refused address is marked, a failure reported. */
  private async sendCode(row: ContactPointRow, code: string): Promise<ContactPoint> {
    const deliveryId = `contact-code-${row.id}-${row.code_sent_at?.getTime() ?? Date.now()}`;
    const message = verificationMessage(row.channel, code, deliveryId, this.deps.settingsUrl);
    const result: SendResult =
      row.channel === 'email'
        ? await this.senderOf('email').send({ address: row.address }, message)
        : await this.senderOf('sms').send({ msisdn: row.address }, message);
    if (result.outcome !== 'failed') return presentContactPoint(row);
    this.deps.logger.warn({ channel: row.channel, errorId: result.errorId }, 'contacts: code not sent');
    if (result.gone) {
      await markGone(this.deps.db, row.id, row.channel === 'email' ? 'mailbox_unknown' : 'number_invalid');
      throw addressRejected(row.channel);
    }
    throw sendFailed();
  }

  private record(tx: Queryable, user: SessionUser, action: AccessAction, via: string): Promise<void> {
    return recordAccess(tx, {
      viewer: user,
      subjectResidentIds: [user.residentId!],
      action,
      via,
      includeOwn: true,
    });
  }
}
