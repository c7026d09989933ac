import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Database, QueryResult, Queryable } from './database.js';
import { sharedParsers } from './type-parsers.js';

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await target.query<Row>(text, params as unknown[]);
      // pg reports the number of rows returned for a SELECT and affected for a write; match it.
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return { rows: result.rows, rowCount };
    },
    async exec(script: string): Promise<void> {
      await target.exec(script);
    },
  };
}

/**
 * Opens the embedded PostgreSQL (PGlite, WebAssembly) with PostGIS. `dataDir` undefined keeps it
 * in memory (tests); otherwise it persists there.
 */
export interface EmbeddedDatabase extends Database {
  /** A tarball of the whole database, to start other instances from (tests use it as a template). */
  dumpDataDir(): Promise<Blob | File>;
}

export async function openEmbedded(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob } = {},
): Promise<EmbeddedDatabase> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const parsers = Object.fromEntries(
    Object.entries(sharedParsers).map(([oid, parse]) => [oid, (value: string) => parse(value)]),
  );
  const pglite = await PGlite.create({
    dataDir,
    extensions: { postgis, pg_trgm },
    parsers,
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const direct = wrap(pglite);
  return {
    kind: 'embedded',
    query: (text, params) => direct.query(text, params),
    exec: (script) => direct.exec(script),
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    close: () => pglite.close(),
    dumpDataDir: () => pglite.dumpDataDir('none'),
  };
}
