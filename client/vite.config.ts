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

export default defineConfig({
  root: clientDir,
  plugins: [react(), geojson(), recordSources(repoRoot)],
  // Only the contract, the geo library and the client itself: server code cannot enter the bundle.
  resolve: { alias: clientAliases },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
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
