import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/**
 * Live shelter occupancy is for the maps and consoles of staff and HQ (and public map viewers).
 * A resident's portal never shows it, and on the worst day every tap would otherwise be sent to
 * every connected resident: 1,000 taps/s to 100,000 sockets.
 */
export const mayWatchPublicOccupancy = (user: SessionUser | null): boolean =>
  user === null || user.role !== 'resident';

/** HQ's live feed: need-help calls, warning statistics, city totals. */
export const mayWatchHq = (user: SessionUser): boolean => isHq(user);
