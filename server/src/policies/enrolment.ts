import { badRequest, forbidden } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';
import { mayManageShelter } from './shelters.js';

/**
 * Enrolment codes are issued (and revoked) by HQ anywhere, and by shelter staff at a shelter they
 * work at, named with the request: the rule for managing that shelter.
 */
export function mayIssueEnrolmentCodes(user: SessionUser, shelterId: string | undefined): boolean {
  if (isHq(user)) return true;
  return shelterId !== undefined && mayManageShelter(user, shelterId);
}

export function assertMayIssueEnrolmentCodes(user: SessionUser, shelterId: string | undefined): void {
  if (mayIssueEnrolmentCodes(user, shelterId)) return;
  if (user.role === 'shelter_staff' && shelterId === undefined) {
    throw badRequest('shelter_required', 'Name the shelter you are issuing the code at.');
  }
  throw forbidden(user.role === 'shelter_staff' ? 'You do not work at this shelter.' : undefined);
}

/**
 * Enrolment letters print codes for thousands of people at once, and their PDF and CSV carry the
 * codes in clear: HQ operators and administrators create them, and only they download them.
 */
export function mayManageEnrolmentLetters(user: SessionUser): boolean {
  return isHq(user);
}

export function assertMayManageEnrolmentLetters(user: SessionUser): void {
  if (!mayManageEnrolmentLetters(user)) throw forbidden();
}
