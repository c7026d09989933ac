import type { Queryable } from '../../db/database.js';

export interface PaperOriginalRow {
  slot: string;
  note: string | null;
  received_at: Date;
}

/** Records that the paper original for a slot was handed in; a second one for the slot changes nothing. */
export async function insertPaperOriginal(
  tx: Queryable,
  input: {
    applicationId: string;
    slot: string;
    note: string | null;
    receivedBy: string;
    actingSessionId: string | null;
  },
): Promise<PaperOriginalRow> {
  const { rows } = await tx.query<PaperOriginalRow>(
    `INSERT INTO relief_paper_originals (application_id, slot, note, received_by, acting_session_id)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (application_id, slot) DO UPDATE SET note = coalesce(EXCLUDED.note, relief_paper_originals.note)
     RETURNING slot, note, received_at`,
    [input.applicationId, input.slot, input.note, input.receivedBy, input.actingSessionId],
  );
  return rows[0]!;
}

export async function listPaperOriginals(db: Queryable, applicationId: string): Promise<PaperOriginalRow[]> {
  const { rows } = await db.query<PaperOriginalRow>(
    `SELECT slot, note, received_at FROM relief_paper_originals WHERE application_id = $1 ORDER BY received_at, slot`,
    [applicationId],
  );
  return rows;
}
