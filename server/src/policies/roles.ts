import type { SessionUser, UserRole } from '../modules/auth/auth.types.js';

/** Shelter staff, HQ and admins: everyone who works with shelters, readers and people. */
export const STAFF = ['shelter_staff', 'hq_operator', 'admin'] as const satisfies readonly UserRole[];

/** Headquarters: the city-wide view (warnings, exports, every shelter). Admins may do all of it. */
export const HQ = ['hq_operator', 'admin'] as const satisfies readonly UserRole[];

/** The resident portal: routes that act for the registered person behind the account. */
export const RESIDENT = ['resident'] as const satisfies readonly UserRole[];

/** Maintenance of the system itself (the audit chain). */
export const ADMIN = ['admin'] as const satisfies readonly UserRole[];

export const isHq = (user: SessionUser): boolean => (HQ as readonly UserRole[]).includes(user.role);
