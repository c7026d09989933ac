import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/**
 * A warning's CAP document: public, non-draft messages are for anyone (other systems fetch them
 * from the Atom index); drafts and restricted messages only for HQ.
 */
export function mayReadCapDocument(
  user: SessionUser | null,
  alert: { scope: string; status: string },
): boolean {
  if (alert.scope === 'Public' && alert.status !== 'Draft') return true;
  return user !== null && isHq(user);
}
