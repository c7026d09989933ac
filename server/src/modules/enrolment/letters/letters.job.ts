import type { Config } from '../../../config.js';
import type { Database } from '../../../db/database.js';
import type { Logger } from '../../../logger.js';
import type { RealtimeServer } from '../../../realtime/socket-server.js';
import type { ScheduledJob } from '../../jobs/jobs.types.js';
import { LetterWorker } from './letters.worker.js';

/** A node that has not committed a chunk for two minutes is taken to be gone. */
const LEASE_SECONDS = 120;

export function letterWorkerFor(deps: {
  config: Config;
  db: Database;
  io: RealtimeServer | undefined;
  logger: Logger;
}): LetterWorker {
  const { config } = deps;
  return new LetterWorker(deps.db, deps.io, deps.logger, {
    lettersDir: config.lettersDir,
    portalBase: config.publicBaseUrl,
    codeDays: config.ENROLMENT_CODE_DAYS,
    minAge: config.ENROLMENT_MIN_AGE,
    chunkSize: config.ENROLMENT_LETTERS_CHUNK,
    leaseSeconds: LEASE_SECONDS,
  });
}

/**
 * Letter batches run on the run-once job runner: each slot, the node that takes it works through
 * the batches waiting (a large one takes minutes, during which that node's other jobs wait; other
 * nodes keep running them). A batch left by a node that stopped is taken over once its lease ends.
 */
export function enrolmentLettersJob(worker: LetterWorker): ScheduledJob {
  return { name: 'enrolment-letters', intervalSeconds: 10, run: () => worker.runAll() };
}
