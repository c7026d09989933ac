import type { Queryable } from '../../db/database.js';
import type { AccessAction } from '../audit/access-actions.js';
import type { UserRole } from '../auth/auth.types.js';
import type { Place, ReportSource, Safety, StayType } from '../whereabouts/whereabouts.types.js';
import type { Relation, Visibility } from './family.schema.js';

/*
 * The visibility rules in SQL (docs/family-and-privacy.md). A viewer sees a person when:
 *   - it is themselves;
 *   - they share a household and the person shows their whereabouts to the household, or the
 *     person is a minor and the viewer an adult (guardians always see minors);
 *   - the person designated them (accepted) and shows their whereabouts to designees.
 * Never transitively. `visibleToViewer` and `watcherUserIds` are the two directions of the same
 * rules; test/authz-matrix.test.ts holds them to each other.
 */
const MINOR = (alias: string) => `(${alias}.birth_date > current_date - interval '18 years')`;
const ADULT = (alias: string) => `(${alias}.birth_date <= current_date - interval '18 years')`;
const SHOWS_HOUSEHOLD = (alias: string) =>
  `${alias}.whereabouts_visibility IN ('household_and_designees', 'household')`;
const SHOWS_DESIGNEES = (alias: string) =>
  `${alias}.whereabouts_visibility IN ('household_and_designees', 'designees')`;

const VISIBLE_CTE = `
  viewer AS (SELECT id, household_id, coalesce(${ADULT('residents')}, false) AS adult FROM residents WHERE id = $1),
  visible AS (
    SELECT viewer.id AS resident_id, 'self' AS relation, 0 AS rank FROM viewer
    UNION ALL
    SELECT r.id, 'household', 1 FROM viewer
      JOIN residents r ON r.household_id = viewer.household_id AND r.id <> viewer.id
     WHERE ${SHOWS_HOUSEHOLD('r')} OR (viewer.adult AND coalesce(${MINOR('r')}, false))
    UNION ALL
    SELECT d.subject_resident_id, 'designated_me', 2 FROM designations d
      JOIN residents r ON r.id = d.subject_resident_id
     WHERE d.designee_resident_id = $1 AND d.status = 'accepted' AND ${SHOWS_DESIGNEES('r')}
  ),
  chosen AS (
    SELECT DISTINCT ON (resident_id) resident_id, relation FROM visible
     WHERE $2::uuid IS NULL OR resident_id = $2::uuid
     ORDER BY resident_id, rank
  )`;

export interface MemberRow {
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
  SELECT c.relation, r.id, r.family_name, r.given_name, r.birth_date, coalesce(${MINOR('r')}, false) AS minor,
         w.place, w.shelter_id, s.name AS shelter_name, s.address AS shelter_address, w.stay_type, w.safety,
         w.source, w.occurred_at, e.municipality_code, m.name AS municipality_name, e.note
    FROM chosen c
    JOIN residents r ON r.id = c.resident_id
    LEFT JOIN whereabouts_current w ON w.resident_id = r.id
    LEFT JOIN whereabouts_events e ON e.id = w.event_id
    LEFT JOIN shelters s ON s.id = w.shelter_id
    LEFT JOIN municipalities m ON m.code = e.municipality_code`;
const MEMBERS_ORDER = `CASE relation WHEN 'self' THEN 0 WHEN 'household' THEN 1 ELSE 2 END, birth_date, id`;

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

/**
 * The same read, and its access-log rows written by the same statement: one round trip and one
 * transaction, so the read cannot be answered without its log. Like `recordAccess`, it logs
 * everyone but the viewer, in subject id order (so concurrent writers take the people's chains
 * in one order).
 */
export async function visibleMembersLogged(
  db: Queryable,
  viewer: { residentId: string; userId: string; role: UserRole },
  log: { action: AccessAction; via: string },
): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `WITH ${VISIBLE_CTE}, members AS (${MEMBERS_SELECT}),
     logged AS (
       INSERT INTO access_log (viewer_user_id, viewer_role, subject_resident_id, action, via)
       SELECT $3, $4, id, $5, $6 FROM members WHERE id <> $1 ORDER BY id
     )
     SELECT * FROM members ORDER BY ${MEMBERS_ORDER}`,
    [viewer.residentId, null, viewer.userId, viewer.role, log.action, log.via],
  );
  return rows;
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
