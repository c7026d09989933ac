import type { Queryable } from '../../db/database.js';
import type { ApplicationState } from '@contract/relief/relief.states.js';

export interface QueueFilter {
  programmeCodes: string[];
  states: ApplicationState[];
  municipalityCode?: string;
  /** Submitted at least this many hours ago (oldest work first). */
  minAgeHours?: number;
  limit: number;
  /** Keyset: continue after this (submitted_at, id). */
  after?: { submittedAt: string; id: string };
}

export interface QueueRow {
  id: string;
  programme_code: string;
  state: ApplicationState;
  municipality_code: string | null;
  resident_id: string;
  applicant_name: string;
  submitted_at: Date | null;
  updated_at: Date;
  attachment_count: number;
}

/** The review queue, oldest submission first. Names come from the registry snapshot. */
export async function listQueue(db: Queryable, filter: QueueFilter): Promise<QueueRow[]> {
  const { rows } = await db.query<QueueRow>(
    `SELECT a.id, a.programme_code, a.state, a.municipality_code, a.resident_id,
            a.registry->>'name' AS applicant_name, a.submitted_at, a.updated_at,
            (SELECT COUNT(*)::int FROM relief_attachments t WHERE t.application_id = a.id) AS attachment_count
     FROM relief_applications a
     WHERE a.programme_code = ANY($1::text[]) AND a.state = ANY($2::text[]) AND a.state <> 'draft'
       AND ($3::text IS NULL OR a.municipality_code = $3)
       AND ($4::float8 IS NULL OR a.submitted_at <= now() - make_interval(secs => $4 * 3600))
       AND ($5::timestamptz IS NULL OR (a.submitted_at, a.id) > ($5, $6::uuid))
     ORDER BY a.submitted_at, a.id
     LIMIT $7`,
    [
      filter.programmeCodes,
      filter.states,
      filter.municipalityCode ?? null,
      filter.minAgeHours ?? null,
      filter.after?.submittedAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
  return rows;
}
