/**
 * `npm start`: builds the web client when its sources are newer than the last build, then starts
 * the server. A later start with nothing changed skips the build.
 */
import { buildClient, clientIsStale } from './client-build.js';

if (clientIsStale()) {
  process.stdout.write('Building the web client…\n');
  await buildClient();
}
process.env.NODE_ENV ??= 'production';
await import('../main.js');
