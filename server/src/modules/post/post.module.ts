import type { ServerModule } from '../server-module.js';
import { declarePostJobs } from './post.jobs.js';
import { postRoutes } from './post.routes.js';
import { PostService } from './post.service.js';
import { PostWorker } from './post.worker.js';

/** A node that has not committed a chunk for two minutes is taken to be gone. */
const LEASE_SECONDS = 120;
/** Claims after which a batch that keeps failing is given up (shown failed at HQ). */
const MAX_ATTEMPTS = 5;

/**
 * Letters by post or by hand for the people a warning or notice reaches on no channel: HQ sees
 * how many (no account, account without push), makes a batch, watches it live (`post:letters` to
 * the HQ room) and downloads the PDF and CSV. Batches run on the job engine (see post.jobs.ts).
 */
export const postModule: ServerModule = {
  name: 'post',
  register({ api, config, db, io, logger, jobs }) {
    const worker = new PostWorker(db, io, logger, {
      lettersDir: config.postLettersDir,
      portalBase: config.publicBaseUrl,
      chunkSize: config.POST_LETTERS_CHUNK,
      leaseSeconds: LEASE_SECONDS,
      maxAttempts: MAX_ATTEMPTS,
    });
    const queue = declarePostJobs(jobs, worker, logger, config.POST_LETTERS_WATCH_SECONDS);
    postRoutes(api, new PostService(db, io, jobs, queue, { lettersDir: config.postLettersDir }));
  },
};
