import type { Queryable } from '../../db/database.js';
import type { ApplicationState } from '@contract/relief/relief.states.js';

/** SQL only; decisions live in the services. */

export interface ProgrammeRow {
  code: string;
  name_ja: string;
  name_en: string;
  summary_ja: string;
  summary_en: string;
  one_per_household: boolean;
  reviewer_role: 'hq_operator' | 'shelter_staff' | 'admin';
  outcome: 'issued' | 'paid';
  issues_certificate: boolean;
  form: unknown;
  attachments: unknown;
}

export async function listProgrammeRows(db: Queryable): Promise<ProgrammeRow[]> {
  const { rows } = await db.query<ProgrammeRow>(
    `SELECT code, name_ja, name_en, summary_ja, summary_en, one_per_household, reviewer_role, outcome,
            issues_certificate, form, attachments
     FROM relief_programmes WHERE active ORDER BY sort_order, code`,
  );
  return rows;
}

export interface RegistryMember {
  name: string;
  relationship: string;
  birthDate: string;
}

export interface RegistrySnapshot {
  residentId: string;
  name: string;
  birthDate: string;
  address: string | null;
  municipalityCode: string | null;
  municipalityName: string | null;
  householdId: string | null;
  household: RegistryMember[];
}

/** What the registry knows of a resident: the data a form pre-fills instead of asking. */
export async function registrySnapshot(
  db: Queryable,
  residentId: string,
): Promise<RegistrySnapshot | undefined> {
  const { rows } = await db.query<RegistrySnapshot>(
    `SELECT r.id AS "residentId", r.family_name || ' ' || r.given_name AS name,
            to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate",
            COALESCE(h.address, r.home_address) AS address,
            COALESCE(r.home_municipality_code, h.municipality_code) AS "municipalityCode",
            m.name AS "municipalityName",
            r.household_id AS "householdId",
            COALESCE((SELECT json_agg(json_build_object(
                        'name', o.family_name || ' ' || o.given_name,
                        'relationship', o.relationship,
                        'birthDate', to_char(o.birth_date, 'YYYY-MM-DD'))
                      ORDER BY o.relationship = 'head' DESC, o.birth_date)
                      FROM residents o WHERE o.household_id = r.household_id), '[]'::json) AS household
     FROM residents r
     LEFT JOIN households h ON h.id = r.household_id
     LEFT JOIN municipalities m ON m.code = COALESCE(r.home_municipality_code, h.municipality_code)
     WHERE r.id = $1`,
    [residentId],
  );
  return rows[0];
}

export interface ApplicationRow {
  id: string;
  programme_code: string;
  resident_id: string;
  household_id: string | null;
  municipality_code: string | null;
  state: ApplicationState;
  answers: Record<string, unknown>;
  registry: RegistrySnapshot;
  mailing_postal_code: string | null;
  mailing_address: string | null;
  correction_fields: string[];
  correction_note: string | null;
  decision_reason: string | null;
  certified_damage_level: string | null;
  certificate_number: string | null;
  certificate_issued_at: Date | null;
  created_at: Date;
  submitted_at: Date | null;
  updated_at: Date;
}

const APPLICATION_COLUMNS = `id, programme_code, resident_id, household_id, municipality_code, state, answers, registry,
  mailing_postal_code, mailing_address, correction_fields, correction_note, decision_reason,
  certified_damage_level, certificate_number, certificate_issued_at, created_at, submitted_at, updated_at`;

export async function insertApplication(
  tx: Queryable,
  input: {
    programmeCode: string;
    registry: RegistrySnapshot;
    householdKey: string | null;
    answers: Record<string, unknown>;
  },
): Promise<ApplicationRow> {
  const { rows } = await tx.query<ApplicationRow>(
    `INSERT INTO relief_applications (programme_code, resident_id, household_id, household_key,
                                      municipality_code, answers, registry)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${APPLICATION_COLUMNS}`,
    [
      input.programmeCode,
      input.registry.residentId,
      input.registry.householdId,
      input.householdKey,
      input.registry.municipalityCode,
      JSON.stringify(input.answers),
      JSON.stringify(input.registry),
    ],
  );
  return rows[0]!;
}

export async function findApplication(
  db: Queryable,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ApplicationRow | undefined> {
  const { rows } = await db.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM relief_applications WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function listApplicationsOf(db: Queryable, residentId: string): Promise<ApplicationRow[]> {
  const { rows } = await db.query<ApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM relief_applications WHERE resident_id = $1 ORDER BY created_at DESC`,
    [residentId],
  );
  return rows;
}

export async function saveAnswers(
  tx: Queryable,
  id: string,
  input: {
    answers: Record<string, unknown>;
    registry: RegistrySnapshot;
    mailingPostalCode: string | null;
    mailingAddress: string | null;
  },
): Promise<void> {
  await tx.query(
    `UPDATE relief_applications SET answers = $2, registry = $3, mailing_postal_code = $4, mailing_address = $5,
            updated_at = now()
     WHERE id = $1`,
    [
      id,
      JSON.stringify(input.answers),
      JSON.stringify(input.registry),
      input.mailingPostalCode,
      input.mailingAddress,
    ],
  );
}

export interface StateChange {
  to: ApplicationState;
  correctionFields?: string[];
  correctionNote?: string | null;
  decisionReason?: string | null;
  certifiedDamageLevel?: string | null;
  certificateNumber?: string | null;
}

/** Moves the application; a correction request replaces the open one, a resubmission clears it. */
export async function setState(tx: Queryable, id: string, change: StateChange): Promise<void> {
  await tx.query(
    `UPDATE relief_applications SET
       state = $2,
       submitted_at = CASE WHEN $2 IN ('submitted', 'resubmitted') THEN now() ELSE submitted_at END,
       correction_fields = CASE WHEN $2 = 'correction_requested' THEN $3::text[]
                                WHEN $2 = 'resubmitted' THEN '{}' ELSE correction_fields END,
       correction_note = CASE WHEN $2 = 'correction_requested' THEN $4
                              WHEN $2 = 'resubmitted' THEN NULL ELSE correction_note END,
       decision_reason = COALESCE($5, decision_reason),
       certified_damage_level = COALESCE($6, certified_damage_level),
       certificate_number = COALESCE($7, certificate_number),
       certificate_issued_at = CASE WHEN $7::text IS NULL THEN certificate_issued_at ELSE now() END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      change.to,
      change.correctionFields ?? [],
      change.correctionNote ?? null,
      change.decisionReason ?? null,
      change.certifiedDamageLevel ?? null,
      change.certificateNumber ?? null,
    ],
  );
}

export interface EventRow {
  id: number;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  actor_role: string;
  reason: string | null;
  fields: string[];
  at: Date;
  on_behalf: OnBehalfKind | null;
}

/** Who took a step for the applicant, when it was not the applicant (代理). */
export type OnBehalfKind = 'staff' | 'designee';

export async function insertEvent(
  tx: Queryable,
  input: {
    applicationId: string;
    from: ApplicationState | null;
    to: ApplicationState;
    actorUserId: string | null;
    actorRole: string;
    reason?: string | null;
    fields?: string[];
    onBehalf?: { kind: OnBehalfKind; actingSessionId: string | null } | null;
  },
): Promise<EventRow> {
  const { rows } = await tx.query<EventRow>(
    `INSERT INTO relief_application_events (application_id, from_state, to_state, actor_user_id, actor_role, reason,
                                            fields, on_behalf, acting_session_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING id, from_state, to_state, actor_role, reason, fields, at, on_behalf`,
    [
      input.applicationId,
      input.from,
      input.to,
      input.actorUserId,
      input.actorRole,
      input.reason ?? null,
      input.fields ?? [],
      input.onBehalf?.kind ?? null,
      input.onBehalf?.actingSessionId ?? null,
    ],
  );
  return rows[0]!;
}

export async function listEvents(db: Queryable, applicationId: string): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT id, from_state, to_state, actor_role, reason, fields, at, on_behalf
     FROM relief_application_events WHERE application_id = $1 ORDER BY id`,
    [applicationId],
  );
  return rows;
}

/** Next certificate number of the year, e.g. R2026-000042 (a sequence per year would need DDL). */
export async function nextCertificateNumber(tx: Queryable): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [72_240_112]);
  const { rows } = await tx.query<{ number: string }>(
    `SELECT 'R' || to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY') || '-' ||
            lpad((COUNT(*) + 1)::text, 6, '0') AS number
     FROM relief_applications
     WHERE certificate_number LIKE 'R' || to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY') || '-%'`,
  );
  return rows[0]!.number;
}

export async function userIdsOfResident(db: Queryable, residentId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM users WHERE resident_id = $1 AND disabled_at IS NULL',
    [residentId],
  );
  return rows.map((row) => row.id);
}

export async function municipalityName(db: Queryable, code: string | null): Promise<string | null> {
  if (!code) return null;
  const { rows } = await db.query<{ name: string }>('SELECT name FROM municipalities WHERE code = $1', [
    code,
  ]);
  return rows[0]?.name ?? null;
}

/**
 * A live claim on a one-per-household programme by anyone in the household: submitted and not
 * rejected or withdrawn. Drafts are not claims (see migration 0026).
 */
export async function householdClaimExists(
  db: Queryable,
  programmeCode: string,
  householdKey: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM relief_applications
      WHERE programme_code = $1 AND household_key = $2 AND state NOT IN ('draft', 'rejected', 'withdrawn')
      LIMIT 1`,
    [programmeCode, householdKey],
  );
  return rowCount > 0;
}

export interface HouseholdApplicationRow {
  id: string;
  programme_code: string;
  state: ApplicationState;
  resident_id: string;
  applicant_name: string;
  created_at: Date;
  submitted_at: Date | null;
  updated_at: Date;
}

/** Applications of the other members of a household (current members), newest first. */
export async function listHouseholdApplications(
  db: Queryable,
  residentId: string,
): Promise<HouseholdApplicationRow[]> {
  const { rows } = await db.query<HouseholdApplicationRow>(
    `SELECT a.id, a.programme_code, a.state, a.resident_id, o.family_name || ' ' || o.given_name AS applicant_name,
            a.created_at, a.submitted_at, a.updated_at
       FROM residents me
       JOIN residents o ON o.household_id = me.household_id AND o.id <> me.id
       JOIN relief_applications a ON a.resident_id = o.id
      WHERE me.id = $1
      ORDER BY a.created_at DESC, a.id
      LIMIT 200`,
    [residentId],
  );
  return rows;
}

/** Deletes the attachment rows of an application; returns their storage keys (files go after commit). */
export async function deleteAttachmentsOf(tx: Queryable, applicationId: string): Promise<string[]> {
  const { rows } = await tx.query<{ storage_key: string }>(
    'DELETE FROM relief_attachments WHERE application_id = $1 RETURNING storage_key',
    [applicationId],
  );
  return rows.map((row) => row.storage_key);
}
