import type { ServerModule } from '../server-module.js';
import { createEnrolmentLimiters } from './enrolment.limits.js';
import { enrolmentRoutes } from './enrolment.routes.js';
import { EnrolmentService } from './enrolment.service.js';
import { passkeyRoutes } from './passkeys.routes.js';
import { PasskeyService } from './passkeys.service.js';

/** Residents join: enrolment codes issued by staff, claimed with a passkey or a password. */
export const enrolmentModule: ServerModule = {
  name: 'enrolment',
  register({ api, auth, config, db, io, logger, redis }) {
    const limiters = createEnrolmentLimiters(
      config.ENROLMENT_CLAIMS_PER_MINUTE,
      redis && { redis: redis.command, keyPrefix: redis.keyPrefix, logger },
    );
    const enrolment = new EnrolmentService(
      db,
      io,
      { codeDays: config.ENROLMENT_CODE_DAYS, minAge: config.ENROLMENT_MIN_AGE },
      limiters,
    );
    const publicBaseUrl = undefined;
    enrolmentRoutes(api, { enrolment, auth, config, publicBaseUrl });
    passkeyRoutes(api, { passkeys: new PasskeyService(db, limiters), auth, config, publicBaseUrl });
  },
};
