import type { Queryable } from '../../db/database.js';
import type { AttachmentType } from './content-type.js';

export interface AttachmentRow {
  id: string;
  application_id: string;
  slot: string;
  content_type: AttachmentType;
  size_bytes: string;
  sha256: string;
  file_name: string | null;
  storage_key: string;
  created_at: Date;
}

const COLUMNS =
  'id, application_id, slot, content_type, size_bytes, sha256, file_name, storage_key, created_at';

export async function insertAttachment(
  tx: Queryable,
  input: {
    id: string;
    applicationId: string;
    slot: string;
    contentType: AttachmentType;
    sizeBytes: number;
    sha256: string;
    fileName: string | null;
    storageKey: string;
    uploadedBy: string;
  },
): Promise<AttachmentRow> {
  const { rows } = await tx.query<AttachmentRow>(
    `INSERT INTO relief_attachments (id, application_id, slot, content_type, size_bytes, sha256, file_name,
                                     storage_key, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      input.id,
      input.applicationId,
      input.slot,
      input.contentType,
      input.sizeBytes,
      input.sha256,
      input.fileName,
      input.storageKey,
      input.uploadedBy,
    ],
  );
  return rows[0]!;
}

export async function listAttachments(db: Queryable, applicationId: string): Promise<AttachmentRow[]> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM relief_attachments WHERE application_id = $1 ORDER BY created_at, id`,
    [applicationId],
  );
  return rows;
}

export async function findAttachment(
  db: Queryable,
  applicationId: string,
  attachmentId: string,
): Promise<AttachmentRow | undefined> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT ${COLUMNS} FROM relief_attachments WHERE application_id = $1 AND id = $2`,
    [applicationId, attachmentId],
  );
  return rows[0];
}

export async function deleteAttachment(tx: Queryable, applicationId: string, attachmentId: string) {
  const { rows } = await tx.query<{ storage_key: string }>(
    'DELETE FROM relief_attachments WHERE application_id = $1 AND id = $2 RETURNING storage_key',
    [applicationId, attachmentId],
  );
  return rows[0]?.storage_key;
}
