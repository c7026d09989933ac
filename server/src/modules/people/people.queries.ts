import type { Queryable } from '../../db/database.js';
import type { PersonIdentityRow } from '@contract/people/person-identity.js';

/** Must match the index expressions in migration 0005 word for word, or the indexes go unused. */
const WRITTEN = '(r.family_name || r.given_name)';
const READING = "kana_fold(coalesce(r.family_name_kana, '') || coalesce(r.given_name_kana, ''))";
const MAX_READINGS = 4;

export interface PersonRow extends PersonIdentityRow {
  id: string;
  home_municipality_code: string | null;
  home_municipality_name: string | null;
  place: string | null;
  shelter_id: string | null;
  shelter_name: string | null;
  stay_type: 'day' | 'overnight' | null;
  whereabouts_at: Date | null;
  score: number;
}

/** What a result shows of a person (`r`): identity, home municipality, where they are now. */
const PERSON_COLUMNS = `r.id, r.family_name, r.given_name, r.family_name_kana, r.given_name_kana, r.birth_date, r.sex,
            r.registration, r.home_municipality_code, m.name AS home_municipality_name,
            w.place, w.shelter_id, s.name AS shelter_name, w.stay_type, w.occurred_at AS whereabouts_at`;
const PERSON_JOINS = `LEFT JOIN municipalities m ON m.code = r.home_municipality_code
       LEFT JOIN whereabouts_current w ON w.resident_id = r.id
       LEFT JOIN shelters s ON s.id = w.shelter_id`;

export interface SearchTerms {
  written: string;
  readings: string[];
  birthDate: string | undefined;
  /** Without a birth date: which pg_trgm operator finds candidates (`%` whole name, `<%` part of it). */
  match: 'similarity' | 'word_similarity';
  limit: number;
  /** With a birth date: the lowest score still shown. */
  minScore: number;
}

/**
 * The pg_trgm thresholds for `%` and `<%`, in this transaction only. A higher threshold lets the
 * GIN index hand back far fewer candidates: at 0.3 "ヤマダタロ" has 60,000 candidates among 1.1M
 * residents (every ヤマ…), each rechecked.
 */
export async function setSimilarityThresholds(
  db: Queryable,
  similarity: number,
  wordSimilarity: number,
): Promise<void> {
  await db.query(
    `SELECT set_config('pg_trgm.similarity_threshold', $1, true), set_config('pg_trgm.word_similarity_threshold', $2, true)`,
    [String(similarity), String(wordSimilarity)],
  );
}

/**
 * People by name similarity, best first. With a birth date the btree on birth_date finds the few
 * people born that day and every one is scored (word similarity lets a family name alone match);
 * without, the trigram indexes find candidates above the transaction's threshold.
 */
export async function searchPeople(db: Queryable, terms: SearchTerms): Promise<PersonRow[]> {
  const readings = terms.readings.slice(0, MAX_READINGS);
  // $1 written, $2 limit, $3 birth date, $4 min score, $5.. one per reading.
  const readingParams = readings.map((_, index) => `kana_fold($${index + 5})`);
  const scores = [
    `similarity(${WRITTEN}, $1)`,
    `word_similarity($1, ${WRITTEN})`,
    ...readingParams.flatMap((p) => [`similarity(${READING}, ${p})`, `word_similarity(${p}, ${READING})`]),
  ];
  const match = terms.birthDate
    ? 'r.birth_date = $3::date'
    : terms.match === 'similarity'
      ? `(${[`${WRITTEN} % $1`, ...readingParams.map((p) => `${READING} % ${p}`)].join(' OR ')})`
      : `(${[`$1 <% ${WRITTEN}`, ...readingParams.map((p) => `${p} <% ${READING}`)].join(' OR ')})`;
  const { rows } = await db.query<PersonRow>(
    `WITH scored AS (
       SELECT r.id, GREATEST(${scores.join(', ')}) AS score
         FROM residents r
        WHERE ${match}
     ), hits AS (
       SELECT id, score FROM scored
        WHERE $3::date IS NULL OR score >= $4::real
        ORDER BY score DESC, id
        LIMIT $2
     )
     SELECT ${PERSON_COLUMNS}, h.score::float8 AS score
       FROM hits h
       JOIN residents r ON r.id = h.id
       ${PERSON_JOINS}
      ORDER BY h.score DESC, r.id`,
    [terms.written, terms.limit, terms.birthDate ?? null, terms.minScore, ...readings],
  );
  return rows;
}

export async function insertResident(
  db: Queryable,
  person: {
    familyName: string;
    givenName: string;
    familyNameKana: string | null;
    givenNameKana: string | null;
    birthDate: string | null;
    sex: string;
    registration: string;
    language: string;
    careNeeds: string[];
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO residents (family_name, given_name, family_name_kana, given_name_kana, birth_date, sex,
                            registration, language, care_needs)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text[]) RETURNING id`,
    [
      person.familyName,
      person.givenName,
      person.familyNameKana,
      person.givenNameKana,
      person.birthDate,
      person.sex,
      person.registration,
      person.language,
      person.careNeeds,
    ],
  );
  return rows[0]!.id;
}

/**
 * The person an active card with this token belongs to, as a search result (score 1: the card
 * names them); `revoked` when the token's only cards are revoked; undefined for a card never bound.
 */
export async function personByCardToken(
  db: Queryable,
  token: string,
): Promise<{ person: PersonRow } | 'revoked' | undefined> {
  const { rows } = await db.query<PersonRow & { revoked: boolean }>(
    `SELECT ${PERSON_COLUMNS}, 1::float8 AS score, c.revoked_at IS NOT NULL AS revoked
       FROM cards c
       JOIN residents r ON r.id = c.resident_id
       ${PERSON_JOINS}
      WHERE c.token = $1
      ORDER BY c.revoked_at IS NULL DESC, c.revoked_at DESC
      LIMIT 1`,
    [token],
  );
  if (!rows[0]) return undefined;
  const { revoked, ...person } = rows[0];
  return revoked ? 'revoked' : { person };
}

export async function residentExists(db: Queryable, residentId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM residents WHERE id = $1', [residentId]);
  return rowCount === 1;
}
