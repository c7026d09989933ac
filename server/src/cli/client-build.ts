/**
 * The built web client (client/dist) and when it needs building again: shared by `npm start` and
 * the browser tests, so both serve what the sources say. The build records every file it was made
 * from (client-sources.ts), so a change anywhere in the client's module graph (contract/,
 * geo/ data included) makes it stale.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SOURCES_FILE, type BuiltSources } from './client-sources.js';

const root = path.resolve(import.meta.dirname, '../../..');
const clientDir = path.join(root, 'client');

/** `production` is what people get; `e2e` builds also carry the browser-test hooks (window.__hq…). */
export type ClientBuildMode = 'production' | 'e2e';

export interface ClientBuildOptions {
  mode?: ClientBuildMode;
  /** Where the build goes; client/dist unless a test builds elsewhere. */
  outDir?: string;
}

const distOf = (options: ClientBuildOptions) => options.outDir ?? path.join(clientDir, 'dist');

function readSources(distDir: string): BuiltSources | null {
  try {
    return JSON.parse(readFileSync(path.join(distDir, SOURCES_FILE), 'utf8')) as BuiltSources;
  } catch {
    return null;
  }
}

/**
 * True when there is no build of this mode yet, or a file it was built from changed or went away
 * since. (A new file only enters the bundle through an import, which changes an existing file.)
 */
export function clientIsStale(options: ClientBuildOptions = {}): boolean {
  const distDir = distOf(options);
  const index = path.join(distDir, 'index.html');
  const sources = readSources(distDir);
  if (!existsSync(index) || !sources || sources.mode !== (options.mode ?? 'production')) return true;
  const built = statSync(index).mtimeMs;
  return sources.files.some((file) => {
    const source = path.join(root, file);
    return !existsSync(source) || statSync(source).mtimeMs > built;
  });
}

export async function buildClient(options: ClientBuildOptions = {}): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: path.join(clientDir, 'vite.config.ts'),
    mode: options.mode ?? 'production',
    logLevel: 'warn',
    build: { outDir: distOf(options) },
  });
}
