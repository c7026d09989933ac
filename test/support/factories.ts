import { randomBytes, randomInt } from 'node:crypto';
import type { Queryable } from '../../server/src/db/database.js';
import { assignStaffShelters, insertUser } from '../../server/src/modules/auth/auth.queries.js';
import type { UserRole } from '../../server/src/modules/auth/auth.types.js';
import { hashPassword } from '../../server/src/modules/auth/password.js';

/**
 * Builders for test data. Each call makes new rows with unique keys, so tests never depend on
 * what another test left in a shared database.
 */
const unique = () => randomBytes(4).toString('hex');

export interface BuiltMunicipality {
  code: string;
  /** [minLon, minLat, maxLon, maxLat] of its square boundary. */
  bbox: [number, number, number, number];
}

/** A square municipality somewhere over the sea west of Japan, far from the real ones. */
export async function buildMunicipality(db: Queryable): Promise<BuiltMunicipality> {
  for (;;) {
    const code = String(90_000 + randomInt(10_000));
    const minLon = 120 + randomInt(100) / 10;
    const minLat = 30 + randomInt(50) / 10;
    const bbox: BuiltMunicipality['bbox'] = [minLon, minLat, minLon + 0.05, minLat + 0.05];
    const { rowCount } = await db.query(
      `INSERT INTO municipalities (code, name, prefecture, population, boundary)
       VALUES ($1, $2, 'テスト県', 1000, ST_Multi(ST_MakeEnvelope($3, $4, $5, $6, 4326)))
       ON CONFLICT (code) DO NOTHING`,
      [code, `テスト市${code}`, ...bbox],
    );
    if (rowCount === 1) return { code, bbox };
  }
}

export async function buildShelter(
  db: Queryable,
  options: {
    municipality: BuiltMunicipality;
    name?: string;
    kind?: 'designated_shelter' | 'emergency_site' | 'welfare_shelter';
    capacity?: number | null;
    status?: 'open' | 'closed' | 'full';
  },
): Promise<{ id: string; name: string; lon: number; lat: number }> {
  const [minLon, minLat] = options.municipality.bbox;
  const lon = minLon + 0.01 + randomInt(300) / 10_000;
  const lat = minLat + 0.01 + randomInt(300) / 10_000;
  const name = options.name ?? `テスト避難所 ${unique()}`;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
     VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6, $7) RETURNING id`,
    [
      name,
      options.kind ?? 'designated_shelter',
      options.municipality.code,
      lon,
      lat,
      options.capacity === undefined ? 100 : options.capacity,
      options.status ?? 'open',
    ],
  );
  return { id: rows[0]!.id, name, lon, lat };
}

export async function buildResident(
  db: Queryable,
  options: { municipality: BuiltMunicipality; householdId?: string; birthDate?: string },
): Promise<{ id: string; householdId: string }> {
  const [minLon, minLat] = options.municipality.bbox;
  let householdId = options.householdId;
  if (!householdId) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO households (municipality_code, address, home_point)
       VALUES ($1, 'テスト県テスト市1-1', ST_SetSRID(ST_MakePoint($2, $3), 4326)) RETURNING id`,
      [options.municipality.code, minLon + 0.02, minLat + 0.02],
    );
    householdId = rows[0]!.id;
  }
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana,
                            birth_date, sex, home_municipality_code, home_point)
     VALUES ($1, '試験', $2, 'シケン', 'タロウ', $3, 'male', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))
     RETURNING id`,
    [
      householdId,
      `太郎${unique()}`,
      options.birthDate ?? '1980-04-01',
      options.municipality.code,
      minLon + 0.02,
      minLat + 0.02,
    ],
  );
  return { id: rows[0]!.id, householdId };
}

export interface BuiltUser {
  id: string;
  username: string;
  password: string;
}

export async function buildUser(
  db: Queryable,
  options: { role: UserRole; residentId?: string; shelterIds?: string[] },
): Promise<BuiltUser> {
  const username = `${options.role.replace('_', '-')}-${unique()}`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const id = await insertUser(db, {
    username,
    passwordHash: await hashPassword(password),
    displayName: `Test ${options.role}`,
    role: options.role,
    residentId: options.residentId ?? null,
  });
  await assignStaffShelters(db, id, options.shelterIds ?? []);
  return { id, username, password };
}

/** Binds a card to a resident; `token` is what CheckinService.tokenFor(uid) gives. */
export async function buildCard(
  db: Queryable,
  options: { residentId: string; token: string; revoked?: boolean },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cards (token, resident_id, kind, revoked_at) VALUES ($1, $2, 'transit', $3) RETURNING id`,
    [options.token, options.residentId, options.revoked ? new Date() : null],
  );
  return rows[0]!.id;
}

export const randomCardUid = () => randomBytes(8).toString('hex').toUpperCase();

/** A registered resident with the given name, reading and birth date (for name search tests). */
export async function buildPerson(
  db: Queryable,
  options: {
    municipality: BuiltMunicipality;
    familyName: string;
    givenName: string;
    familyNameKana: string;
    givenNameKana: string;
    birthDate: string;
    careNeeds?: string[];
  },
): Promise<{ id: string }> {
  const [minLon, minLat] = options.municipality.bbox;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO residents (family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
                            home_municipality_code, home_point, care_needs)
     VALUES ($1, $2, $3, $4, $5, 'unspecified', $6, ST_SetSRID(ST_MakePoint($7, $8), 4326), $9::text[])
     RETURNING id`,
    [
      options.familyName,
      options.givenName,
      options.familyNameKana,
      options.givenNameKana,
      options.birthDate,
      options.municipality.code,
      minLon + 0.02,
      minLat + 0.02,
      options.careNeeds ?? [],
    ],
  );
  return { id: rows[0]!.id };
}

/** A random day between 1930 and 1999, so people built for one test rarely share a birth date. */
export const randomBirthDate = () =>
  new Date(Date.UTC(1930, 0, 1) + randomInt(70 * 365) * 86_400_000).toISOString().slice(0, 10);

/** An incident; active from now unless told otherwise. */
export async function buildIncident(
  db: Queryable,
  options: {
    status?: 'active' | 'closed';
    startedAt?: Date;
    endedAt?: Date | null;
    retentionDays?: number;
  } = {},
): Promise<{ id: string; startedAt: Date }> {
  const startedAt = options.startedAt ?? new Date();
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO incidents (name, kind, status, started_at, ended_at, retention_days)
     VALUES ($1, 'earthquake', $2, $3, $4, $5) RETURNING id`,
    [
      `テスト災害 ${unique()}`,
      options.status ?? 'active',
      startedAt,
      options.endedAt ?? null,
      options.retentionDays ?? 365,
    ],
  );
  return { id: rows[0]!.id, startedAt };
}

/** A designation: `designeeId` may see `subjectId` once accepted. */
export async function buildDesignation(
  db: Queryable,
  options: {
    subjectId: string;
    designeeId: string;
    status?: 'pending' | 'accepted' | 'declined' | 'revoked';
    expiresAt?: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO designations (subject_resident_id, designee_resident_id, invited_family_name, invited_given_name,
                               invited_birth_date, status, expires_at)
     VALUES ($1, $2, '試験', '招待', '1980-01-01', $3, $4) RETURNING id`,
    [
      options.subjectId,
      options.designeeId,
      options.status ?? 'accepted',
      options.expiresAt ?? new Date(Date.now() + 7 * 86_400_000),
    ],
  );
  return rows[0]!.id;
}

/** A municipality with the given boundary (GeoJSON MultiPolygon, may have holes). */
export async function buildMunicipalityWithBoundary(db: Queryable, boundary: object): Promise<string> {
  for (;;) {
    const code = String(80_000 + randomInt(10_000));
    const { rowCount } = await db.query(
      `INSERT INTO municipalities (code, name, prefecture, population, boundary)
       VALUES ($1, $2, 'テスト県', 1000, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))
       ON CONFLICT (code) DO NOTHING`,
      [code, `境界市${code}`, JSON.stringify(boundary)],
    );
    if (rowCount === 1) return code;
  }
}

/** Many residents at once, one per home point ([lon, lat]; null: no registered home). */
export async function buildResidentsAt(db: Queryable, homes: ([number, number] | null)[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO residents (family_name, given_name, birth_date, sex, home_point)
     SELECT '試験', '点' || i, '1980-04-01', 'female',
            CASE WHEN lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
     FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS h (lon, lat, i)
     ORDER BY i RETURNING id`,
    [homes.map((h) => h?.[0] ?? null), homes.map((h) => h?.[1] ?? null)],
  );
  return rows.map((row) => row.id);
}

/** Puts people in a shelter now (history row + current state), without touching counters. */
export async function checkInAt(db: Queryable, shelterId: string, residentIds: string[]): Promise<void> {
  await db.query(
    `WITH events AS (
       INSERT INTO whereabouts_events (resident_id, place, shelter_id, stay_type, source, occurred_at)
       SELECT id, 'shelter', $1, 'overnight', 'staff', now() FROM unnest($2::uuid[]) AS id
       RETURNING id, resident_id
     )
     INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, source, occurred_at, event_id)
     SELECT resident_id, 'shelter', $1, 'overnight', 'staff', now(), id FROM events
     ON CONFLICT (resident_id) DO UPDATE SET place = 'shelter', shelter_id = $1, stay_type = 'overnight',
       event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at`,
    [shelterId, residentIds],
  );
}

/** A live location for a resident; `share` sets their opt-in, `expiresInMs` < 0 makes it stale. */
export async function buildLiveLocation(
  db: Queryable,
  options: { residentId: string; at: [number, number]; share?: boolean; expiresInMs?: number },
): Promise<void> {
  await db.query('UPDATE residents SET share_live_location = $2 WHERE id = $1', [
    options.residentId,
    options.share ?? true,
  ]);
  await db.query(
    `INSERT INTO resident_locations (resident_id, location, accuracy_m, expires_at)
     VALUES ($1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 10, now() + make_interval(secs => $4::float8 / 1000))
     ON CONFLICT (resident_id) DO UPDATE SET location = EXCLUDED.location, expires_at = EXCLUDED.expires_at`,
    [options.residentId, options.at[0], options.at[1], options.expiresInMs ?? 10 * 60_000],
  );
}

/** An open shelter at an exact point ([lon, lat]). */
export async function buildShelterAt(
  db: Queryable,
  options: { municipalityCode: string; at: [number, number] },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
     VALUES ($1, 'designated_shelter', $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), 100, 'open') RETURNING id`,
    [`テスト避難所 ${unique()}`, options.municipalityCode, options.at[0], options.at[1]],
  );
  return rows[0]!.id;
}
