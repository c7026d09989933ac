import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { Logger } from '../../logger.js';
import type { RedisConnections } from '../../realtime/redis.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import type { AuthService } from '../auth/auth.service.js';
import { createEnrolmentLimiters } from './enrolment.limits.js';
import { enrolmentRoutes } from './enrolment.routes.js';
import { EnrolmentService } from './enrolment.service.js';
import { passkeyRoutes } from './passkeys.routes.js';
import { PasskeyService } from './passkeys.service.js';

/** Residents join: enrolment codes issued by staff, claimed with a passkey or a password. */
export function registerEnrolment(
  api: ApiRouter,
  deps: {
    db: Database;
    io: RealtimeServer;
    auth: AuthService;
    config: Config;
    logger: Logger;
    redis: RedisConnections | null;
  },
): void {
  const { db, io, auth, config, logger, redis } = deps;
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
}
