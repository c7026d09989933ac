import { buildClient, clientIsStale } from '@server/cli/client-build.js';

let ready: Promise<void> | null = null;

/**
 * The server under test serves client/dist, so the browser must get a build of the current
 * sources: build once when it is missing or older than them, the way `npm start` does. The build
 * is the `e2e` one, which carries the test hooks (window.__hqMap, …) production bundles leave out.
 */
export function ensureClientBuilt(): Promise<void> {
  ready ??= (async () => {
    if (!clientIsStale({ mode: 'e2e' })) return;
    const started = Date.now();
    // Vitest runs with NODE_ENV=test, which would make Vite bundle React's development build
    // (StrictMode double effects, dev checks): test the production bundle people actually get.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await buildClient({ mode: 'e2e' });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    process.stdout.write(`[e2e] built the web client in ${Date.now() - started} ms\n`);
  })();
  return ready;
}
