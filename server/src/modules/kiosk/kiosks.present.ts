import type { z } from 'zod';
import type { kioskSchema } from '@contract/kiosk/kiosk.schema.js';
import type { KioskRow } from './kiosks.queries.js';

export function presentKiosk(kiosk: KioskRow): z.input<typeof kioskSchema> {
  return {
    id: kiosk.id,
    shelterId: kiosk.shelter_id,
    shelterName: kiosk.shelter_name,
    name: kiosk.name,
    revoked: kiosk.revoked_at !== null,
    createdAt: kiosk.created_at.toISOString(),
    keyRotatedAt: kiosk.key_rotated_at.toISOString(),
    lastSeenAt: kiosk.last_seen_at?.toISOString() ?? null,
  };
}
