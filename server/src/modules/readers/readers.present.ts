/** Reader rows as the API shows them (shape in the contract: @contract/readers/readers.schema). */
import type { z } from 'zod';
import type { readerSchema } from '@contract/readers/readers.schema.js';
import type { ReaderRow } from './readers.queries.js';

export function presentReader(row: ReaderRow): z.input<typeof readerSchema> {
  return {
    id: row.id,
    shelterId: row.shelter_id,
    shelterName: row.shelter_name,
    name: row.name,
    mode: row.mode,
    revoked: row.revoked_at !== null,
    createdAt: row.created_at.toISOString(),
    keyRotatedAt: row.key_rotated_at.toISOString(),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
  };
}
