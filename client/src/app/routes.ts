import type { UserRole } from '../api/auth';

export type PageId =
  | 'hq'
  | 'shelter'
  | 'resident'
  | 'review'
  | 'notices'
  | 'enrolment'
  | 'visits'
  | 'acting'
  | 'account'
  | 'settings';

/** Which roles may open each page; admins see every page so they can support any team. */
const PAGE_ROLES: Record<PageId, readonly UserRole[]> = {
  hq: ['hq_operator', 'admin'],
  shelter: ['shelter_staff', 'admin'],
  resident: ['resident', 'admin'],
  // Relief application review: the programmes' reviewers (municipal staff at HQ).
  review: ['hq_operator', 'admin'],
  // Notices by attributes: municipal staff at shelters and HQ send them.
  notices: ['shelter_staff', 'hq_operator', 'admin'],
  // Enrolment codes for residents: issued at shelters, counters and HQ.
  enrolment: ['shelter_staff', 'hq_operator', 'admin'],
  // Home visits to people a warning did not reach: whoever HQ sends, community supporters above all.
  visits: ['community_supporter', 'shelter_staff', 'hq_operator', 'admin'],
  // Acting for a resident who asks (代理): at shelters and counters.
  acting: ['shelter_staff', 'hq_operator', 'admin'],
  // Password and sessions: everyone's own.
  account: ['resident', 'shelter_staff', 'hq_operator', 'admin', 'community_supporter'],
  // How warnings reach the person when the app is closed: e-mail, SMS (their own addresses only).
  settings: ['resident'],
};

const HOME_PAGE: Record<UserRole, PageId> = {
  hq_operator: 'hq',
  admin: 'hq',
  shelter_staff: 'shelter',
  resident: 'resident',
  community_supporter: 'visits',
};

export const PAGE_ORDER: readonly PageId[] = [
  'hq',
  'shelter',
  'resident',
  'review',
  'notices',
  'enrolment',
  'visits',
  'acting',
  'account',
  'settings',
];

export function homePageFor(role: UserRole): PageId {
  return HOME_PAGE[role];
}

export function pagesFor(role: UserRole): PageId[] {
  return PAGE_ORDER.filter((page) => PAGE_ROLES[page].includes(role));
}

/** `#/hq` → 'hq'; anything unknown (including `#/login` once signed in) → null. */
export function parseHash(hash: string): PageId | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (PAGE_ORDER as readonly string[]).includes(name) ? (name as PageId) : null;
}

/** Pages whose address names the part shown (NOTIFICATION_SETTINGS_PATH, linked from messages). */
const PAGE_HASHES: Partial<Record<PageId, string>> = { settings: '#/settings/notifications' };

export function hashFor(page: PageId | 'login'): string {
  return (page !== 'login' && PAGE_HASHES[page]) || `#/${page}`;
}

/** The page a user actually gets: the requested one if their role allows it, otherwise their home page. */
export function resolvePage(requested: PageId | null, role: UserRole): PageId {
  if (requested !== null && PAGE_ROLES[requested].includes(role)) return requested;
  return homePageFor(role);
}
