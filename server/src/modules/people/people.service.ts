import type { Database } from '../../db/database.js';
import { AppError, badRequest, conflict } from '../../http/errors.js';
import type { SessionUser } from '../auth/auth.types.js';
import { logAccess } from './access-log.js';
import { parseNameQuery } from './name-query.js';
import {
  personByCardToken,
  searchPeople,
  setSimilarityThresholds,
  type PersonRow,
} from './people.queries.js';
import type { SearchQuery } from '@contract/people/people.schema.js';
import { SearchGate } from './search-gate.js';

/**
 * Without a birth date, search first with a strict similarity and loosen only when that finds
 * too few: the strict pass is cheap on 1.1M residents and already holds every close match. The
 * last pass matches part of a name ("satou" alone against サトウ アオイ).
 */
const PASSES = [
  { match: 'similarity', similarity: 0.6, wordSimilarity: 0.6 },
  { match: 'similarity', similarity: 0.4, wordSimilarity: 0.6 },
  { match: 'word_similarity', similarity: 0.4, wordSimilarity: 0.6 },
] as const;
/** With a birth date every person born that day is scored; below this they are not shown. */
const MIN_SCORE_WITH_BIRTH_DATE = 0.4;
export const SEARCH_VIA = 'GET /api/people/search';
export const CARD_LOOKUP_VIA = 'POST /api/people/by-card';
/**
 * A search that takes longer than this is cancelled by PostgreSQL (the embedded database has no
 * statement timeout; the gate and the query length bound it there).
 */
const SEARCH_STATEMENT_TIMEOUT_MS = 3_000;
const QUERY_CANCELED = '57014';

export class PeopleService {
  constructor(
    private readonly db: Database,
    private readonly gate = new SearchGate(),
  ) {}

  /**
   * The person whose card was tapped on a counter's reader, under the rules of the search (the
   * same staff, the same limits, a purpose), logged as `card_lookup` with it. Only the card's
   * token reaches this: the UID is never stored.
   */
  async findByCard(user: SessionUser, lookup: { token: string; purpose: string }): Promise<PersonRow> {
    return this.gate.run(user.id, () =>
      this.db.transaction(async (tx) => {
        const found = await personByCardToken(tx, lookup.token);
        if (found === 'revoked') {
          throw conflict('card_revoked', 'This card was revoked. Find the person by name instead.');
        }
        if (!found) {
          throw new AppError(404, 'card_unknown', 'No one has this card. Find the person by name instead.');
        }
        await logAccess(tx, {
          viewer: user,
          residentIds: [found.person.id],
          action: 'card_lookup',
          purpose: lookup.purpose,
          via: CARD_LOOKUP_VIA,
        });
        return found.person;
      }),
    );
  }

  /** Fuzzy search by name (kanji, kana, romaji), optionally on a birth date. Every result is logged. */
  async search(user: SessionUser, query: SearchQuery): Promise<PersonRow[]> {
    const name = parseNameQuery(query.q);
    if (name.written.length === 0) throw badRequest('empty_query', 'Type at least one letter of the name.');
    try {
      return await this.gate.run(user.id, () => this.searchNow(user, query, name));
    } catch (error) {
      if ((error as { code?: string }).code !== QUERY_CANCELED) throw error;
      throw new AppError(
        503,
        'search_timeout',
        'The search took too long. Type more of the name or add the birth date.',
        { retryAfterSeconds: 5 },
      );
    }
  }

  private async searchNow(
    user: SessionUser,
    query: SearchQuery,
    name: ReturnType<typeof parseNameQuery>,
  ): Promise<PersonRow[]> {
    const terms = {
      ...name,
      birthDate: query.birthDate,
      limit: query.limit,
      minScore: MIN_SCORE_WITH_BIRTH_DATE,
    };
    return this.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL statement_timeout = ${SEARCH_STATEMENT_TIMEOUT_MS}`);
      const found = new Map<string, PersonRow>();
      if (query.birthDate) {
        for (const row of await searchPeople(tx, { ...terms, match: 'similarity' })) found.set(row.id, row);
      } else {
        for (const pass of PASSES) {
          await setSimilarityThresholds(tx, pass.similarity, pass.wordSimilarity);
          for (const row of await searchPeople(tx, { ...terms, match: pass.match })) found.set(row.id, row);
          if (found.size >= query.limit) break;
        }
      }
      const people = [...found.values()]
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, query.limit);
      await logAccess(tx, {
        viewer: user,
        residentIds: people.map((p) => p.id),
        action: 'search_result',
        purpose: query.purpose,
        via: SEARCH_VIA,
      });
      return people;
    });
  }
}
