import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

export const CLIENT_DIST = path.resolve(import.meta.dirname, '../../../client/dist');

/** Serves the built client with a single-page-app fallback for every non-API path. */
export function serveClient(app: Express, distDir = CLIENT_DIST): void {
  const indexHtml = path.join(distDir, 'index.html');
  // The service worker and the manifest name this build's files: browsers must check them anew.
  app.get(['/sw.js', '/manifest.webmanifest'], (req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    next();
  });
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
