import { createRateLimiter } from '../../http/rate-limiter.js';
import type { ServerModule } from '../server-module.js';
import { kioskSignInRoutes } from './kiosk-sign-in.routes.js';
import { KioskSignInService } from './kiosk-sign-in.service.js';
import { kioskDeviceRoutes } from './kiosks.routes.js';
import { KioskService } from './kiosks.service.js';

/** Kiosks at shelters: registered PCs where residents sign in with their card and a PIN. */
export const kioskModule: ServerModule = {
  name: 'kiosk',
  register({ api, auth, checkins, config, db, logger, redis }) {
    // Ended kiosk sessions take their sockets with them, on every node.
    const sessionsEnded = (idHashes: string[]) => auth.onSessionsEnded(idHashes);
    const kiosks = new KioskService(db, sessionsEnded);
    const perKiosk = createRateLimiter(
      { name: 'kiosk-sign-in', limit: config.KIOSK_SIGN_INS_PER_MINUTE, windowMs: 60_000 },
      redis && { redis: redis.command, keyPrefix: redis.keyPrefix, logger },
    );
    const signIns = new KioskSignInService(db, (uid) => checkins.tokenFor(uid), perKiosk, sessionsEnded);
    kioskDeviceRoutes(api, kiosks);
    kioskSignInRoutes(api, { kiosks, signIns, auth, config });
  },
};
