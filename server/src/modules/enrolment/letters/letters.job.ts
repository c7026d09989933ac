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
 * Letter batches run on the run-once job runner as a long job: the node that takes a slot works
 * through the batches waiting beside its other jobs, which keep their slots (a large batch takes
 * minutes). A node shutting down stops between chunks and hands its batch back; a batch left by a
 * node that died is taken over once its lease ends.
 */
export function enrolmentLettersJob(worker: LetterWorker): ScheduledJob {
  return { name: 'enrolment-letters', intervalSeconds: 10, long: true, run: (stop) => worker.runAll(stop) };
}
