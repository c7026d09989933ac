import type { ServerModule } from '../server-module.js';
import { declareClaimNoticeJobs } from './claim-notices/claim-notice.module.js';
import { ClaimNoticeWorker } from './claim-notices/claim-notice.worker.js';
import { createEnrolmentLimiters } from './enrolment.limits.js';
import { enrolmentRoutes } from './enrolment.routes.js';
import { declareLetterJobs, letterWorkerFor } from './letters/letters.job.js';
import { letterRoutes } from './letters/letters.routes.js';
import { LetterService } from './letters/letters.service.js';
import { EnrolmentService } from './enrolment.service.js';
import { passkeyRoutes } from './passkeys.routes.js';
import { PasskeyService } from './passkeys.service.js';

/** Residents join: enrolment codes issued by staff, claimed with a passkey or a password. */
export const enrolmentModule: ServerModule = {
  name: 'enrolment',
  register({ api, auth, channelSenders, config, db, io, jobs, logger, redis }) {
    const limiters = createEnrolmentLimiters(
      config.ENROLMENT_CLAIMS_PER_MINUTE,
      redis && { redis: redis.command, keyPrefix: redis.keyPrefix, logger },
    );
    const enrolment = new EnrolmentService(
      db,
      io,
      {
        codeDays: config.ENROLMENT_CODE_DAYS,
        minAge: config.ENROLMENT_MIN_AGE,
        maxWrongBirthDates: config.ENROLMENT_CODE_MAX_WRONG_BIRTH_DATES,
      },
      limiters,
      jobs,
      // A recovery ends the account's sessions: their sockets end on every node with them.
      (idHashes) => auth.onSessionsEnded(idHashes),
    );
    // Links, QR codes and the passkeys' site follow PUBLIC_BASE_URL when it is set; without it, the
    // address the request came to (a passkey belongs to the host name the browser is on).
    const publicBaseUrl = config.PUBLIC_BASE_URL;
    enrolmentRoutes(api, { enrolment, auth, config, publicBaseUrl });
    letterRoutes(
      api,
      new LetterService(db, io, { minAge: config.ENROLMENT_MIN_AGE, lettersDir: config.lettersDir }, jobs),
    );
    declareLetterJobs(jobs, letterWorkerFor({ config, db, io, logger }), logger);
    declareClaimNoticeJobs(
      jobs,
      new ClaimNoticeWorker(db, jobs, channelSenders, logger, config.publicBaseUrl),
      logger,
    );
    passkeyRoutes(api, { passkeys: new PasskeyService(db, limiters), auth, config, publicBaseUrl });
  },
};
