import { randomInt } from 'node:crypto';
import type { Queryable } from '../../server/src/db/database.js';
import type { HouseDamage } from '@contract/notices/notices.attributes.js';
import { Random } from '../../server/src/modules/residents/prng.js';

/**
 * A small synthetic population with every attribute notices target, kept in memory as well so a
 * test can filter it independently of the SQL. Everything sits in two fresh municipalities at a
 * random spot over the Pacific, so no other test's people share the area.
 */
export interface FixtureResident {
  id: string;
  householdId: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  disability: boolean;
  consent: boolean;
  homeCode: string;
  lon: number;
  lat: number;
  damage: HouseDamage | null;
  /** whereabouts_current.place, or null when there is no report. */
  place: string | null;
  livesNowCode: string | null;
}

export interface NoticeFixture {
  codes: [string, string];
  /** [minLon, minLat, maxLon, maxLat] of municipality 0; municipality 1 is the square east of it. */
  bbox: [number, number, number, number];
  shelterId: string;
  residents: FixtureResident[];
}

const DAMAGE: (HouseDamage | null)[] = [
  null,
  'none',
  'partial',
  'semi_half',
  'half',
  'medium_half',
  'large_half',
  'total',
];
const PLACES = [null, 'home', 'shelter', 'evacuated_outside', 'relatives', 'vehicle', 'hospital', 'unknown'];

/** Today in Japan, as the server counts ages. */
export function tokyoToday(): { y: number; m: number; d: number } {
  const [y, m, d] = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}

export function ageOn(birthDate: string, today = tokyoToday()): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = today.m > m || (today.m === m && today.d >= d);
  return today.y - y - (hadBirthday ? 0 : 1);
}

/** `age` full years old today; `daysPast` days since that birthday (0: the birthday is today). */
function birthDateFor(age: number, daysPast: number): string {
  const today = tokyoToday();
  const day = Date.UTC(today.y - age, today.m - 1, today.d) - daysPast * 86_400_000;
  return new Date(day).toISOString().slice(0, 10);
}

const birthDateForAge = (rng: Random, age: number) => birthDateFor(age, rng.int(0, 364));

/** People on both sides of every age limit: a birthday today, or tomorrow. */
const EDGES: [number, number][] = [
  [0, 0],
  [1, 0],
  [0, 364],
  [15, 0],
  [14, 364],
  [65, 0],
  [64, 364],
  [20, 0],
  [90, 0],
];

async function insertMunicipality(db: Queryable, bbox: number[]): Promise<string> {
  for (;;) {
    const code = String(70_000 + randomInt(10_000));
    const { rowCount } = await db.query(
      `INSERT INTO municipalities (code, name, prefecture, population, boundary)
       VALUES ($1, $2, 'テスト県', 1000, ST_Multi(ST_MakeEnvelope($3, $4, $5, $6, 4326)))
       ON CONFLICT (code) DO NOTHING`,
      [code, `告知市${code}`, ...bbox],
    );
    if (rowCount === 1) return code;
  }
}

export async function buildNoticeFixture(
  db: Queryable,
  seed: number,
  households = 60,
): Promise<NoticeFixture> {
  const rng = new Random(seed);
  const minLon = 150 + randomInt(20_000) / 1000;
  const minLat = 10 + randomInt(15_000) / 1000;
  const bbox: NoticeFixture['bbox'] = [minLon, minLat, minLon + 0.01, minLat + 0.01];
  const codes: [string, string] = [
    await insertMunicipality(db, bbox),
    await insertMunicipality(db, [minLon + 0.01, minLat, minLon + 0.02, minLat + 0.01]),
  ];
  const { rows: shelter } = await db.query<{ id: string }>(
    `INSERT INTO shelters (name, kind, municipality_code, location, capacity_indoor, status)
     VALUES ('告知テスト避難所', 'designated_shelter', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 100, 'open')
     RETURNING id`,
    [codes[0], minLon + 0.005, minLat + 0.005],
  );
  const shelterId = shelter[0]!.id;
  const residents: FixtureResident[] = [];
  for (let h = 0; h < households; h += 1) {
    const homeIndex = rng.chance(0.8) ? 0 : 1;
    const lon = minLon + homeIndex * 0.01 + rng.int(1, 99) / 10_000;
    const lat = minLat + rng.int(1, 99) / 10_000;
    const damage = rng.pick(DAMAGE);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO households (municipality_code, address, home_point, house_damage)
       VALUES ($1, 'テスト県告知市', ST_SetSRID(ST_MakePoint($2, $3), 4326), $4) RETURNING id`,
      [codes[homeIndex], lon, lat, damage],
    );
    const householdId = rows[0]!.id;
    // The first households are one person each on an age edge; then random ones.
    const edge = EDGES[h];
    const size = edge ? 1 : rng.int(1, 4);
    for (let k = 0; k < size; k += 1) {
      const band = rng.weighted({ infant: 1, child: 2, adult: 4, elderly: 3 });
      const age =
        band === 'infant'
          ? 0
          : band === 'child'
            ? rng.int(1, 15)
            : band === 'adult'
              ? rng.int(16, 64)
              : rng.int(64, 95);
      const person: Omit<FixtureResident, 'id'> = {
        householdId,
        familyName: '告知',
        givenName: `住民${h}x${k}y${randomInt(1e6)}`,
        birthDate: edge ? birthDateFor(edge[0], edge[1]) : birthDateForAge(rng, age),
        disability: rng.chance(0.15),
        consent: edge ? true : rng.chance(0.7),
        homeCode: codes[homeIndex],
        lon,
        lat,
        damage,
        place: rng.pick(PLACES),
        livesNowCode: rng.weighted({ none: 6, home: 1, other: 2, outside: 1 }),
      };
      person.livesNowCode =
        person.livesNowCode === 'none'
          ? null
          : person.livesNowCode === 'home'
            ? person.homeCode
            : person.livesNowCode === 'other'
              ? codes[1 - homeIndex]!
              : '13101';
      const { rows: inserted } = await db.query<{ id: string }>(
        `INSERT INTO residents (household_id, family_name, given_name, family_name_kana, given_name_kana, birth_date,
                                sex, home_municipality_code, home_point, care_needs, notice_consent,
                                lives_now_municipality_code, lives_now_municipality_name)
         VALUES ($1, $2, $3, 'コクチ', $4, $5, 'unspecified', $6, ST_SetSRID(ST_MakePoint($7, $8), 4326),
                 $9::text[], $10, $11, $12)
         RETURNING id`,
        [
          householdId,
          person.familyName,
          person.givenName,
          `ジュウミン${residents.length}`,
          person.birthDate,
          person.homeCode,
          lon,
          lat,
          person.disability ? ['disability'] : [],
          person.consent,
          person.livesNowCode,
          person.livesNowCode ? (person.livesNowCode === '13101' ? '千代田区' : '告知市') : null,
        ],
      );
      const id = inserted[0]!.id;
      if (person.place) await setPlace(db, id, person.place, shelterId);
      residents.push({ id, ...person });
    }
  }
  return { codes, bbox, shelterId, residents };
}

export async function setPlace(
  db: Queryable,
  residentId: string,
  place: string,
  shelterId: string,
): Promise<void> {
  const atShelter = place === 'shelter';
  await db.query(
    `WITH event AS (
       INSERT INTO whereabouts_events (resident_id, place, shelter_id, stay_type, source, occurred_at)
       VALUES ($1, $2, $3, $4, 'staff', now()) RETURNING id
     )
     INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, source, occurred_at, event_id)
     SELECT $1, $2, $3, $4, 'staff', now(), id FROM event
     ON CONFLICT (resident_id) DO UPDATE SET place = EXCLUDED.place, shelter_id = EXCLUDED.shelter_id,
       stay_type = EXCLUDED.stay_type, event_id = EXCLUDED.event_id, occurred_at = EXCLUDED.occurred_at`,
    [residentId, place, atShelter ? shelterId : null, atShelter ? 'overnight' : null],
  );
}
