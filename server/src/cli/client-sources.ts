/**
 * A Vite plugin (used by client/vite.config.ts) that records every source file the built client
 * was made from in client/dist/.vite/sources.json, so `npm start` and the browser tests can tell a
 * stale bundle from the client's real module graph, including what it imports from contract/ and
 * geo/, instead of from a hand-kept list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export const SOURCES_FILE = path.join('.vite', 'sources.json');

export interface BuiltSources {
  /** The Vite mode of the build: `e2e` builds carry the browser-test hooks, production ones do not. */
  mode: string;
  /** Repository-relative paths of every file the bundle was built from. */
  files: string[];
}

/** Files that shape the bundle without being modules of it. */
const BUILD_INPUTS = [
  'client/index.html',
  'client/vite.config.ts',
  // Copied into the build as they are (the installable app's manifest and icons).
  'client/public/manifest.webmanifest',
  'client/public/icons/icon-192.png',
  'client/public/icons/icon-512.png',
  'server/src/cli/client-sources.ts',
  'aliases.ts',
  'package-lock.json',
];

export function recordSources(repoRoot: string): Plugin {
  let mode = 'production';
  return {
    name: 'hinan-record-sources',
    apply: 'build',
    configResolved(config) {
      mode = config.mode;
    },
    generateBundle(_options, bundle) {
      const files = new Set(BUILD_INPUTS);
      for (const output of Object.values(bundle)) {
        const ids = output.type === 'chunk' ? output.moduleIds : output.originalFileNames;
        for (const id of ids) {
          const file = id.split('?')[0] ?? id;
          if (file.startsWith('\0') || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
          const absolute = path.isAbsolute(file) ? file : path.join(repoRoot, 'client', file);
          if (existsSync(absolute)) files.add(path.relative(repoRoot, absolute));
        }
      }
      const sources: BuiltSources = { mode, files: [...files].sort() };
      this.emitFile({
        type: 'asset',
        fileName: SOURCES_FILE,
        source: `${JSON.stringify(sources, null, 1)}\n`,
      });
    },
  };
}
