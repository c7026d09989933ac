import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { clientAliases } from '../aliases.js';
import { recordSources } from '../server/src/cli/client-sources.js';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const apiServer = 'http://127.0.0.1:3000';

/** The bundled offline base layer ships as `.geojson`, which Vite does not treat as JSON by itself. */
function geojson(): Plugin {
  return {
    name: 'hinan-geojson',
    transform(code, id) {
      if (!id.endsWith('.geojson')) return null;
      // JSON.parse of a string literal is faster to start than an equivalent object literal.
      return { code: `export default JSON.parse(${JSON.stringify(code)});`, map: null };
    },
  };
}

/** Files of client/public the worker keeps as part of the shell (the manifest and its icons). */
const PUBLIC_SHELL = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

/**
 * The service worker (client/src/sw/sw.ts) is a second entry of this build, emitted as /sw.js
 * (a worker's scope is its own path's, so it must sit at the root). Once the bundle is known, the
 * list of files it keeps offline is written into it: index.html and every script and style of
 * the build (on-demand chunks too: a warning's small map must open offline), the manifest and
 * icons. A worker sharing a module with the app would need `import` and fails the build instead.
 */
function serviceWorker(): Plugin {
  return {
    name: 'hinan-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (worker?.type !== 'chunk') return this.error('the build has no sw.js chunk');
      if (worker.imports.length > 0 || worker.dynamicImports.length > 0) {
        return this.error(
          `the service worker must not share modules with the app: ${worker.imports.join(', ')}`,
        );
      }
      // index.html is emitted by Vite's HTML plugin after this hook: named here.
      const shell = new Set(['/index.html', ...PUBLIC_SHELL]);
      for (const fileName of Object.keys(bundle)) {
        if (fileName !== 'sw.js' && !fileName.startsWith('.vite/')) shell.add(`/${fileName}`);
      }
      worker.code = worker.code.replaceAll('__HINAN_PRECACHE__', JSON.stringify([...shell].sort()));
    },
  };
}

export default defineConfig({
  root: clientDir,
  plugins: [react(), geojson(), serviceWorker(), recordSources(repoRoot)],
  // Only the contract, the geo library and the client itself: server code cannot enter the bundle.
  resolve: { alias: clientAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      input: { index: path.join(clientDir, 'index.html'), sw: path.join(clientDir, 'src/sw/sw.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    // The client imports shared data from geo/ outside its own root.
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/socket.io': { target: apiServer, ws: true },
    },
  },
});
