import type { Queryable } from '../../../db/database.js';
import type { ChannelName } from '../../delivery/channel.types.js';

export interface ToldMember {
  position: number;
  residentId: string;
  userId: string;
}

/**
 * An inbox entry naming the person for every other member of their household with an enabled
 * resident account, in the claim's transaction (the caller holds the inbox writers' lock, so a
 * member deleted meanwhile either gets no entry or has it deleted with them).
 */
export async function insertHouseholdEntries(db: Queryable, residentId: string): Promise<ToldMember[]> {
  const { rows } = await db.query<{ position: string; resident_id: string; user_id: string }>(
    `WITH told AS (
       SELECT m.id AS resident_id, u.id AS user_id
         FROM residents p
         JOIN residents m ON m.household_id = p.household_id AND m.id <> p.id
         JOIN users u ON u.resident_id = m.id AND u.role = 'resident' AND u.disabled_at IS NULL
        WHERE p.id = $1
     ), entries AS (
       INSERT INTO inbox_items (resident_id, kind, account_event, account_member_id)
       SELECT resident_id, 'account', 'household_member_enrolled', $1 FROM told ORDER BY resident_id
       RETURNING id, resident_id
     )
     SELECT e.id AS position, e.resident_id, t.user_id FROM entries e JOIN told t USING (resident_id)
      ORDER BY e.resident_id`,
    [residentId],
  );
  return rows.map((row) => ({
    position: Number(row.position),
    residentId: row.resident_id,
    userId: row.user_id,
  }));
}

export interface NoticeAddressRow {
  channel: ChannelName;
  address_id: string;
  recipient_id: string;
}

/**
 * The addresses to tell, as ids: usable e-mail and SMS contact points (verified, consented, not
 * withdrawn: the rule of contactAddressesOf) and the push devices of enabled accounts subscribed
 * before the claim (its transaction's time, on the database's clock: a device the claimant
 * subscribes right after is their own, not another channel), of these people, on the channels
 * this node can send on.
 */
export async function noticeAddresses(
  db: Queryable,
  recipientIds: readonly string[],
  channels: readonly ChannelName[],
  codeId: string,
): Promise<NoticeAddressRow[]> {
  if (recipientIds.length === 0 || channels.length === 0) return [];
  const { rows } = await db.query<NoticeAddressRow>(
    `SELECT c.channel, c.id::text AS address_id, c.resident_id::text AS recipient_id
       FROM contact_points c
      WHERE c.resident_id = ANY ($1::uuid[]) AND c.channel = ANY ($2::text[])
        AND c.verified_at IS NOT NULL AND c.consent_at IS NOT NULL AND c.withdrawn_at IS NULL
     UNION ALL
     SELECT 'push', p.id::text, u.resident_id::text
       FROM push_subscriptions p JOIN users u ON u.id = p.user_id
      WHERE u.resident_id = ANY ($1::uuid[]) AND u.disabled_at IS NULL AND 'push' = ANY ($2::text[])
        AND p.created_at < (SELECT used_at FROM enrolment_codes WHERE id = $3)
      ORDER BY 3, 1, 2`,
    [recipientIds, channels, codeId],
  );
  return rows;
}

export async function languageOf(db: Queryable, residentId: string): Promise<string | null> {
  const { rows } = await db.query<{ language: string }>('SELECT language FROM residents WHERE id = $1', [
    residentId,
  ]);
  return rows[0]?.language ?? null;
}
