import { forbidden } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/**
 * Letters by post for the people no channel reaches: their PDF and CSV carry the names and
 * addresses of whole households, so HQ operators and administrators make the batches and only
 * they download the files (each download in the access log of everyone named).
 */
export function mayMakePostLetters(user: SessionUser): boolean {
  return isHq(user);
}

export function assertMayMakePostLetters(user: SessionUser): void {
  if (!mayMakePostLetters(user)) throw forbidden();
}
