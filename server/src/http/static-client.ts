import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

export const CLIENT_DIST = path.resolve(import.meta.dirname, '../../../client/dist');

/** Serves the built client with a single-page-app fallback for every non-API path. */
export function serveClient(app: Express, distDir = CLIENT_DIST): void {
  const indexHtml = path.join(distDir, 'index.html');
  app.use(express.static(distDir, { index: false, maxAge: '1h', immutable: false }));
  app.get(/^\/(?!api\/|socket\.io\/|healthz).*/, (_req, res) => {
    if (existsSync(indexHtml)) {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(indexHtml);
      return;
    }
    res
      .status(503)
      .type('text/plain')
      .send('The web client is not built. Run `npm run build` or `npm start`.');
  });
}
