import type { Queryable } from '../../db/database.js';
import { familyVisibilitySql } from '../../policies/index.js';
import type { AccessAction } from '@contract/audit/access-actions.js';
import { sessionUsersCte } from '../auth/auth.queries.js';
import type { UserRole } from '../auth/auth.types.js';
import type { Place, ReportSource, Safety, StayType } from '@contract/whereabouts/whereabouts.types.js';
import type { Relation, Visibility } from '@contract/family/family.schema.js';

/* The visibility rules (policies/family-visibility.ts), composed in both directions below. */
const {
  minor: MINOR,
  adult: ADULT,
  showsHousehold: SHOWS_HOUSEHOLD,
  showsDesignees: SHOWS_DESIGNEES,
} = familyVisibilitySql;

/**
 * The rules for any number of viewers at once: `viewers` is a query of (n, resident_id), one row
 * per lookup, and every row of `chosen` carries the `n` of the lookup it answers, so lookups of
 * one group never see each other's people. `viewerIds` is the same ids as an array: designations
 * are found by `= ANY` of it, planned on their own (MATERIALIZED), which keeps the designee index
 * in use whatever the planner guesses about the number of viewers. `$2` narrows to one person
 * (NULL: everyone visible).
 */
const visibleCte = (viewers: string, viewerIds: string) => `
  designated AS MATERIALIZED (
    SELECT d.designee_resident_id, d.subject_resident_id FROM designations d
     WHERE d.designee_resident_id = ANY(${viewerIds}) AND d.status = 'accepted'
  ),
  viewer AS (
    SELECT q.n, r.id, r.household_id, coalesce(${ADULT('r')}, false) AS adult
      FROM (${viewers}) AS q JOIN residents r ON r.id = q.resident_id
  ),
  visible AS (
    SELECT viewer.n, viewer.id AS resident_id, 'self' AS relation, 0 AS rank FROM viewer
    UNION ALL
    SELECT viewer.n, r.id, 'household', 1 FROM viewer
      JOIN residents r ON r.household_id = viewer.household_id AND r.id <> viewer.id
     WHERE ${SHOWS_HOUSEHOLD('r')} OR (viewer.adult AND coalesce(${MINOR('r')}, false))
    UNION ALL
    SELECT viewer.n, d.subject_resident_id, 'designated_me', 2 FROM designated d
      JOIN viewer ON viewer.id = d.designee_resident_id
      JOIN residents r ON r.id = d.subject_resident_id
     WHERE ${SHOWS_DESIGNEES('r')}
  ),
  chosen AS (
    SELECT DISTINCT ON (n, resident_id) n, resident_id, relation FROM visible
     WHERE $2::uuid IS NULL OR resident_id = $2::uuid
     ORDER BY n, resident_id, rank
  )`;
const VISIBLE_CTE = visibleCte('SELECT 1 AS n, $1::uuid AS resident_id', 'ARRAY[$1::uuid]');

export interface MemberRow {
  /** The lookup of a group this row answers (1-based; 1 for a single viewer). */
  n: number;
  relation: Relation;
  id: string;
  family_name: string;
  given_name: string;
  minor: boolean;
  place: Place | null;
  shelter_id: string | null;
  shelter_name: string | null;
  shelter_address: string | null;
  stay_type: StayType | null;
  safety: Safety | null;
  source: ReportSource | null;
  occurred_at: Date | null;
  municipality_code: string | null;
  municipality_name: string | null;
  note: string | null;
}

const MEMBERS_SELECT = `
  SELECT c.n, c.relation, r.id, r.family_name, r.given_name, r.birth_date, coalesce(${MINOR('r')}, false) AS minor,
         w.place, w.shelter_id, s.name AS shelter_name, s.address AS shelter_address, w.stay_type, w.safety,
         w.source, w.occurred_at, e.municipality_code, m.name AS municipality_name, e.note
    FROM chosen c
    JOIN residents r ON r.id = c.resident_id
    LEFT JOIN whereabouts_current w ON w.resident_id = r.id
    LEFT JOIN whereabouts_events e ON e.id = w.event_id
    LEFT JOIN shelters s ON s.id = w.shelter_id
    LEFT JOIN municipalities m ON m.code = e.municipality_code`;
const membersOrder = (alias: string) =>
  `${alias}.n, CASE ${alias}.relation WHEN 'self' THEN 0 WHEN 'household' THEN 1 ELSE 2 END, ${alias}.birth_date, ${alias}.id`;
const MEMBERS_ORDER = membersOrder('members');

/**
 * The people the viewer may see (themselves first) with their current whereabouts, in one
 * statement; `onlyResidentId` narrows it to one person (empty when not visible or not existing).
 */
export async function visibleMembers(
  db: Queryable,
  viewerResidentId: string,
  onlyResidentId: string | null = null,
): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `WITH ${VISIBLE_CTE}, members AS (${MEMBERS_SELECT})
     SELECT * FROM members ORDER BY ${MEMBERS_ORDER}`,
    [viewerResidentId, onlyResidentId],
  );
  return rows;
}

/** The account behind a session, as far as the family list needs it. */
export interface SessionViewer {
  userId: string;
  role: UserRole;
  residentId: string | null;
}

/** One lookup's answer: nobody (no live session), or the account and the people it may see. */
export interface SessionLookupAnswer {
  viewer: SessionViewer | null;
  members: MemberRow[];
}

interface SessionMemberRow extends Omit<MemberRow, 'n'> {
  lookup: number;
  session_user_id: string | null;
  session_role: UserRole | null;
  session_resident_id: string | null;
  n: number | null;
}

/**
 * The family lists of several requests, each given by its session, and all their access-log
 * rows, in one statement: one round trip, one transaction, one commit. The session is resolved
 * by the same rules as every other request (`sessionUsersCte`: live, not idle, active account,
 * idle expiry slid), so a session ended anywhere is refused here too. The read cannot be answered
 * without its log. Each lookup logs everyone it is shown but its own viewer. All rows go in in
 * subject id order, so concurrent writers take the people's chains in one order and cannot
 * deadlock. Answers come in `idHashes` order.
 *
 * The arrays are read through sub-selects, which the planner cannot see into: the plan is then
 * the same for any group size, so PostgreSQL keeps one generic plan for the prepared statement.
 * With the arrays visible it planned every execution anew for its size (measured: ≈ 0.7 ms of
 * planning per statement, more than the rest of the statement, its log rows and commit together).
 */
export async function visibleMembersLoggedBySession(
  db: Queryable,
  idHashes: readonly string[],
  sessionIdleMinutes: number,
  log: { action: AccessAction; via: string },
): Promise<SessionLookupAnswer[]> {
  const { rows } = await db.query<SessionMemberRow>(
    `WITH lookup AS (
       SELECT n::int AS n, id_hash FROM unnest((SELECT $1::text[])) WITH ORDINALITY AS q (id_hash, n)
     ),
     ${sessionUsersCte('(SELECT $1::text[])::text[]', '$3::int')},
     who AS (
       SELECT l.n, su.user_id, su.role, su.resident_id FROM lookup l JOIN signed_in su ON su.id_hash = l.id_hash
     ),
     ${visibleCte('SELECT n, resident_id FROM who', 'ARRAY(SELECT resident_id FROM who)')},
     members AS (${MEMBERS_SELECT}),
     logged AS (
       INSERT INTO access_log (viewer_user_id, viewer_role, subject_resident_id, action, via)
       SELECT w.user_id, w.role, m.id, $4, $5 FROM members m JOIN who w ON w.n = m.n
        WHERE m.id <> w.resident_id ORDER BY m.id, m.n
     )
     SELECT l.n AS lookup, w.user_id AS session_user_id, w.role AS session_role,
            w.resident_id AS session_resident_id, m.*
       FROM lookup l LEFT JOIN who w ON w.n = l.n LEFT JOIN members m ON m.n = l.n
      ORDER BY l.n, ${membersOrder('m')}`,
    [idHashes, null, sessionIdleMinutes, log.action, log.via],
  );
  const answers = idHashes.map((): SessionLookupAnswer => ({ viewer: null, members: [] }));
  for (const row of rows) {
    const answer = answers[row.lookup - 1]!;
    if (row.session_user_id && row.session_role) {
      answer.viewer = {
        userId: row.session_user_id,
        role: row.session_role,
        residentId: row.session_resident_id,
      };
    }
    if (row.n !== null) answer.members.push({ ...row, n: row.n });
  }
  return answers;
}

/** Ids of the people the viewer may follow (themselves included): the rooms their sockets join. */
export async function visibleResidentIds(db: Queryable, viewerResidentId: string): Promise<string[]> {
  const { rows } = await db.query<{ resident_id: string }>(
    `WITH ${VISIBLE_CTE} SELECT resident_id FROM chosen`,
    [viewerResidentId, null],
  );
  return rows.map((row) => row.resident_id);
}

/** Active accounts allowed to see the subject, the subject's own account included. */
export async function watcherUserIds(db: Queryable, subjectResidentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH subject AS (
       SELECT id, household_id, whereabouts_visibility, birth_date FROM residents WHERE id = $1
     )
     SELECT u.id FROM subject JOIN users u ON u.resident_id = subject.id WHERE u.disabled_at IS NULL
     UNION
     SELECT u.id FROM subject
       JOIN residents r ON r.household_id = subject.household_id AND r.id <> subject.id
       JOIN users u ON u.resident_id = r.id
      WHERE u.disabled_at IS NULL
        AND (${SHOWS_HOUSEHOLD('subject')} OR (coalesce(${MINOR('subject')}, false) AND coalesce(${ADULT('r')}, false)))
     UNION
     SELECT u.id FROM subject
       JOIN designations d ON d.subject_resident_id = subject.id AND d.status = 'accepted'
       JOIN users u ON u.resident_id = d.designee_resident_id
      WHERE u.disabled_at IS NULL AND ${SHOWS_DESIGNEES('subject')}`,
    [subjectResidentId],
  );
  return rows.map((row) => row.id);
}

export interface PrivacyRow {
  whereabouts_visibility: Visibility;
  disclose_safety: boolean;
  minor: boolean;
}

export async function readPrivacy(db: Queryable, residentId: string): Promise<PrivacyRow | undefined> {
  const { rows } = await db.query<PrivacyRow>(
    `SELECT whereabouts_visibility, disclose_safety, coalesce(${MINOR('residents')}, false) AS minor
       FROM residents WHERE id = $1`,
    [residentId],
  );
  return rows[0];
}

export async function updatePrivacy(
  db: Queryable,
  residentId: string,
  change: { whereaboutsVisibility?: Visibility | undefined; discloseSafety?: boolean | undefined },
): Promise<void> {
  await db.query(
    `UPDATE residents SET
        whereabouts_visibility = coalesce($2, whereabouts_visibility),
        disclose_safety = coalesce($3, disclose_safety)
      WHERE id = $1`,
    [residentId, change.whereaboutsVisibility ?? null, change.discloseSafety ?? null],
  );
}

export async function userIdsOfResident(db: Queryable, residentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE resident_id = $1 AND disabled_at IS NULL',
    [residentId],
  );
  return rows.map((row) => row.id);
}
