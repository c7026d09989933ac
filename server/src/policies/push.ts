import { AppError } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { requireResident, type ResidentUser } from './residents.js';

/**
 * Push notifications wake a person's own phone or computer for warnings to them: only accounts
 * of a registered person have warnings to wake for, and a shelter kiosk (a PC many people use
 * after one another) must never show one person's notifications to the next.
 */
export function mayManagePushDevices(user: SessionUser): boolean {
  return user.residentId !== null && user.kioskId === null;
}

export function assertMayManagePushDevices(user: SessionUser | null): ResidentUser {
  const resident = requireResident(user, 'Only a registered person has warnings to be notified of.');
  if (!mayManagePushDevices(resident.user)) {
    throw new AppError(
      403,
      'kiosk_session_limited',
      'Not at a kiosk: turn on notifications on your own phone or computer.',
    );
  }
  return resident;
}
