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
    [householdId, `太郎${unique()}`, options.birthDate ?? '1980-04-01', options.municipality.code, minLon + 0.02, minLat + 0.02],
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
export async function buildCard(db: Queryable, options: { residentId: string; token: string; revoked?: boolean }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO cards (token, resident_id, kind, revoked_at) VALUES ($1, $2, 'transit', $3) RETURNING id`,
    [options.token, options.residentId, options.revoked ? new Date() : null],
  );
  return rows[0]!.id;
}

export const randomCardUid = () => randomBytes(8).toString('hex').toUpperCase();
