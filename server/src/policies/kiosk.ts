import { AppError } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { assertMayIssueEnrolmentCodes, mayIssueEnrolmentCodes } from './enrolment.js';

/**
 * A session opened at a shelter kiosk (card + PIN) reads and acts like the resident's own portal,
 * but never changes how the account signs in (password, passkeys, PIN, signing out everywhere):
 * a PC many people use is no place to take over an account from.
 */
export function mayChangeSignIn(user: SessionUser): boolean {
  return user.kioskId === null;
}

/** The signed-in user, refused with `kiosk_session_limited` in a kiosk session. */
export function assertMayChangeSignIn(user: SessionUser | null): SessionUser {
  const me = user as SessionUser;
  if (mayChangeSignIn(me)) return me;
  throw new AppError(
    403,
    'kiosk_session_limited',
    'Not at a kiosk: sign in on your own phone or computer to change how you sign in.',
  );
}

/**
 * Clearing a resident's PIN and unlocking their card for kiosk use: staff at a shelter they work
 * at (named with the request), HQ anywhere, after checking who the person is. The same rule as
 * issuing enrolment codes: both hand someone a way into an account.
 */
export function mayHelpWithKiosk(user: SessionUser, shelterId: string | undefined): boolean {
  return mayIssueEnrolmentCodes(user, shelterId);
}

export function assertMayHelpWithKiosk(user: SessionUser, shelterId: string | undefined): void {
  assertMayIssueEnrolmentCodes(user, shelterId);
}
