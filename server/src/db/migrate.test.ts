import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test/support/database.js';
import type { Database } from './database.js';
import { migrate, MigrationChangedError } from './migrate.js';

describe('migrate', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is safe to run twice', async () => {
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((row) => row.name)).toContain('0001_extensions.sql');
  });

  it('creates GiST indexes on every geometry column', async () => {
    const { rows } = await db.query<{ table_name: string; column_name: string; indexed: boolean }>(
      `SELECT c.table_name::text, c.column_name::text,
              EXISTS (
                SELECT 1 FROM pg_index i
                  JOIN pg_class ic ON ic.oid = i.indexrelid
                  JOIN pg_am am ON am.oid = ic.relam
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                 WHERE i.indrelid = (c.table_schema || '.' || c.table_name)::regclass
                   AND a.attname = c.column_name AND am.amname = 'gist'
              ) AS indexed
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.udt_name = 'geometry'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => !row.indexed)).toEqual([]);
  });

  it('refuses a migration that changed after it was applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    const name = `9${Date.now().toString().slice(-3)}_probe_${Math.floor(Math.random() * 1e6)}.sql`;
    await writeFile(path.join(dir, name), 'SELECT 1;');
    expect(await migrate(db, dir)).toEqual([name]);
    await writeFile(path.join(dir, name), 'SELECT 2;');
    await expect(migrate(db, dir)).rejects.toBeInstanceOf(MigrationChangedError);
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [name]);
  });

  it('rolls back a failing migration completely', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    const table = `probe_${Math.floor(Math.random() * 1e9)}`;
    await writeFile(path.join(dir, '9000_ok.sql'), `CREATE TABLE ${table} (id int);`);
    await writeFile(path.join(dir, '9001_broken.sql'), 'CREATE TABLE broken (id nonexistent_type);');
    await expect(migrate(db, dir)).rejects.toThrow();
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = $1`,
      [table],
    );
    expect(rows[0]?.n).toBe(0);
  });
});
