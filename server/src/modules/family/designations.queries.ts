import type { Queryable } from '../../db/database.js';
import type { RegisteredName } from './name-match.js';

export const DESIGNATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

export interface DesignationRow {
  id: string;
  subject_resident_id: string;
  designee_resident_id: string | null;
  invited_family_name: string;
  invited_given_name: string;
  invited_birth_date: string;
  status: DesignationStatus;
  created_at: Date;
  expires_at: Date;
  /** The designee may read the subject's notices and apply for them (代理). */
  act_for_me: boolean;
  /** Registered name of the other party (designee for the subject's list, subject for the designee's). */
  other_family_name: string | null;
  other_given_name: string | null;
}

const COLUMNS = `d.id, d.subject_resident_id, d.designee_resident_id, d.invited_family_name, d.invited_given_name,
  d.invited_birth_date, d.status, d.created_at, d.expires_at, d.act_for_me`;

export async function expireStaleInvitations(db: Queryable, subjectResidentId: string): Promise<void> {
  await db.query(
    `UPDATE designations SET status = 'expired', ended_at = now()
      WHERE subject_resident_id = $1 AND status = 'pending' AND expires_at <= now()`,
    [subjectResidentId],
  );
}

export async function residentsBornOn(
  db: Queryable,
  birthDate: string,
): Promise<(RegisteredName & { id: string })[]> {
  const { rows } = await db.query<RegisteredName & { id: string }>(
    `SELECT id, family_name, given_name, family_name_kana, given_name_kana
       FROM residents WHERE birth_date = $1::date AND registration = 'registry'`,
    [birthDate],
  );
  return rows;
}

export async function findOwnName(
  db: Queryable,
  residentId: string,
): Promise<(RegisteredName & { birth_date: string | null }) | undefined> {
  const { rows } = await db.query<RegisteredName & { birth_date: string | null }>(
    `SELECT family_name, given_name, family_name_kana, given_name_kana, birth_date FROM residents WHERE id = $1`,
    [residentId],
  );
  return rows[0];
}

/** A person's live (pending or accepted) invitations and grants; expire stale ones first. */
export async function listLiveInvitations(
  db: Queryable,
  subjectResidentId: string,
): Promise<DesignationRow[]> {
  const { rows } = await db.query<DesignationRow>(
    `SELECT ${COLUMNS}, NULL AS other_family_name, NULL AS other_given_name FROM designations d
      WHERE d.subject_resident_id = $1 AND d.status IN ('pending', 'accepted')
      ORDER BY d.created_at, d.id`,
    [subjectResidentId],
  );
  return rows;
}

/** Invitations a person sent in the last `hours`, whatever became of them since. */
export async function countRecentInvitations(
  db: Queryable,
  subjectResidentId: string,
  hours: number,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM designations
      WHERE subject_resident_id = $1 AND created_at > now() - make_interval(hours => $2)`,
    [subjectResidentId, hours],
  );
  return rows[0]?.n ?? 0;
}

export async function insertInvitation(
  db: Queryable,
  input: {
    subjectResidentId: string;
    designeeResidentId: string | null;
    familyName: string;
    givenName: string;
    birthDate: string;
    validDays: number;
  },
): Promise<DesignationRow> {
  const { rows } = await db.query<DesignationRow>(
    `INSERT INTO designations AS d (subject_resident_id, designee_resident_id, invited_family_name, invited_given_name,
                                    invited_birth_date, expires_at)
     VALUES ($1, $2, $3, $4, $5::date, now() + make_interval(days => $6))
     RETURNING ${COLUMNS}, NULL AS other_family_name, NULL AS other_given_name`,
    [
      input.subjectResidentId,
      input.designeeResidentId,
      input.familyName,
      input.givenName,
      input.birthDate,
      input.validDays,
    ],
  );
  return rows[0]!;
}

/** Invitations I sent and grants I gave, newest first, with the designee's name once accepted. */
export async function listOutgoing(db: Queryable, subjectResidentId: string): Promise<DesignationRow[]> {
  const { rows } = await db.query<DesignationRow>(
    `SELECT ${COLUMNS},
            CASE WHEN d.status = 'accepted' THEN r.family_name END AS other_family_name,
            CASE WHEN d.status = 'accepted' THEN r.given_name END AS other_given_name
       FROM designations d LEFT JOIN residents r ON r.id = d.designee_resident_id
      WHERE d.subject_resident_id = $1
      ORDER BY d.created_at DESC LIMIT 50`,
    [subjectResidentId],
  );
  return rows;
}

/** Open invitations to me and grants I accepted, with the name of the person who named me. */
export async function listIncoming(db: Queryable, designeeResidentId: string): Promise<DesignationRow[]> {
  const { rows } = await db.query<DesignationRow>(
    `SELECT ${COLUMNS}, r.family_name AS other_family_name, r.given_name AS other_given_name
       FROM designations d JOIN residents r ON r.id = d.subject_resident_id
      WHERE d.designee_resident_id = $1
        AND (d.status = 'accepted' OR (d.status = 'pending' AND d.expires_at > now()))
      ORDER BY d.created_at DESC`,
    [designeeResidentId],
  );
  return rows;
}

/** Locks one designation as seen from one side; undefined when it is not theirs (or not there). */
export async function lockDesignation(
  db: Queryable,
  id: string,
  side: { subjectResidentId: string } | { designeeResidentId: string },
): Promise<DesignationRow | undefined> {
  const [column, residentId] =
    'subjectResidentId' in side
      ? ['subject_resident_id', side.subjectResidentId]
      : ['designee_resident_id', side.designeeResidentId];
  const { rows } = await db.query<DesignationRow>(
    `SELECT ${COLUMNS}, NULL AS other_family_name, NULL AS other_given_name FROM designations d
      WHERE d.id = $1 AND d.${column} = $2 FOR UPDATE`,
    [id, residentId],
  );
  return rows[0];
}

export async function setDesignationStatus(
  db: Queryable,
  id: string,
  status: DesignationStatus,
): Promise<void> {
  await db.query(
    `UPDATE designations SET status = $2,
        responded_at = CASE WHEN $2 IN ('accepted', 'declined') THEN now() ELSE responded_at END,
        ended_at = CASE WHEN $2 IN ('revoked', 'expired', 'declined') THEN now() ELSE ended_at END
      WHERE id = $1`,
    [id, status],
  );
}
