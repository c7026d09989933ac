import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, clientIsStale } from './client-build.js';
import { SOURCES_FILE, type BuiltSources } from './client-sources.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Sets a file's modification time to `at` for the duration of `check`, then puts the old one back. */
function withMtime<T>(file: string, at: Date, check: () => T): T {
  const { atime, mtime } = statSync(file);
  utimesSync(file, at, at);
  try {
    return check();
  } finally {
    utimesSync(file, atime, mtime);
  }
}

describe('client bundle staleness', () => {
  let outDir: string;
  let sources: BuiltSources;
  const later = () => new Date(Date.now() + 60_000);

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'hinan-client-'));
    await buildClient({ outDir });
    sources = JSON.parse(readFileSync(path.join(outDir, SOURCES_FILE), 'utf8')) as BuiltSources;
  }, 120_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is fresh right after a build', () => {
    expect(clientIsStale({ outDir })).toBe(false);
  });

  it('records the files outside client/ the client imports', () => {
    expect(sources.files).toContain('geo/data/municipalities.geojson');
    expect(sources.files).toContain('contract/audit/access-actions.ts');
    expect(sources.files.some((file) => file.startsWith('geo/src/'))).toBe(true);
  });

  it.each([
    'contract/audit/access-actions.ts',
    'geo/src/targeting/geodesic.ts',
    'geo/data/municipalities.geojson',
  ])('is stale once %s, imported from outside client/, changes', (file) => {
    withMtime(path.join(root, file), later(), () => expect(clientIsStale({ outDir })).toBe(true));
    expect(clientIsStale({ outDir })).toBe(false);
  });

  it('is stale once a client source changes', () => {
    withMtime(path.join(root, 'client/src/main.tsx'), later(), () =>
      expect(clientIsStale({ outDir })).toBe(true),
    );
  });

  it('ignores files the client does not import', () => {
    withMtime(path.join(root, 'server/src/app.ts'), later(), () =>
      expect(clientIsStale({ outDir })).toBe(false),
    );
  });

  it('is stale for the browser tests, whose build carries the test hooks', () => {
    expect(sources.mode).toBe('production');
    expect(clientIsStale({ outDir, mode: 'e2e' })).toBe(true);
  });
});
