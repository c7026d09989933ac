import type { Queryable } from '../../db/database.js';

export interface GrantRow {
  id: string;
  subject_resident_id: string;
  designee_resident_id: string | null;
  status: string;
  act_for_me: boolean;
}

/** The live designation from `subjectId` to `designeeId`, with its "act for me" permission. */
export async function findGrant(
  db: Queryable,
  subjectId: string,
  designeeId: string,
): Promise<GrantRow | undefined> {
  const { rows } = await db.query<GrantRow>(
    `SELECT id, subject_resident_id, designee_resident_id, status, act_for_me FROM designations
      WHERE subject_resident_id = $1 AND designee_resident_id = $2 AND status = 'accepted'`,
    [subjectId, designeeId],
  );
  return rows[0];
}

/** One of the subject's designations, locked; undefined when it is not theirs. */
export async function lockOwnDesignation(
  db: Queryable,
  designationId: string,
  subjectId: string,
): Promise<GrantRow | undefined> {
  const { rows } = await db.query<GrantRow>(
    `SELECT id, subject_resident_id, designee_resident_id, status, act_for_me FROM designations
      WHERE id = $1 AND subject_resident_id = $2 FOR UPDATE`,
    [designationId, subjectId],
  );
  return rows[0];
}

export async function setActForMe(db: Queryable, designationId: string, allowed: boolean): Promise<void> {
  await db.query(`UPDATE designations SET act_for_me = $2, act_for_me_changed_at = now() WHERE id = $1`, [
    designationId,
    allowed,
  ]);
}

export interface ActingForRow {
  resident_id: string;
  family_name: string;
  given_name: string;
  since: Date | null;
}

/** The people who allowed me (their accepted designee) to act for them. */
export async function listActingFor(db: Queryable, designeeId: string): Promise<ActingForRow[]> {
  const { rows } = await db.query<ActingForRow>(
    `SELECT r.id AS resident_id, r.family_name, r.given_name, d.act_for_me_changed_at AS since
       FROM designations d JOIN residents r ON r.id = d.subject_resident_id
      WHERE d.designee_resident_id = $1 AND d.status = 'accepted' AND d.act_for_me
      ORDER BY r.family_name, r.given_name, r.id`,
    [designeeId],
  );
  return rows;
}
