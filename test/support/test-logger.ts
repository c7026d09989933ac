import path from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { createLogger, type Logger } from '../../server/src/logger.js';

/**
 * A logger for components tested without a whole server (senders, links): it writes, down to
 * debug, where the global teardown scans server logs for personal data.
 */
export function testLogger(): Logger {
  const file = pino.destination({
    dest: path.join(inject('testLogDir'), `component-${process.pid}.ndjson`),
    append: true,
    sync: true,
  });
  return createLogger('debug', file);
}
