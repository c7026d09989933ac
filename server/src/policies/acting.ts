import { AppError } from '../http/errors.js';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { isHq } from './roles.js';

/*
 * Acting for a resident (代理, docs/enrolment.md): staff act for a person who asks them, in a
 * short acting session that records the person's consent and the reason; a designee acts for the
 * person who named them once that person turned on "act for me". Nobody acts for anyone without
 * one of the two, and each act goes to the person's access log.
 */

/**
 * Staff who may open an acting session for a person: shelter staff for someone who is at a
 * shelter they work at (the person is in front of them), HQ operators and administrators at any
 * counter.
 */
export function mayActForResident(user: SessionUser, personShelterId: string | null): boolean {
  if (isHq(user)) return true;
  return (
    user.role === 'shelter_staff' && personShelterId !== null && user.shelterIds.includes(personShelterId)
  );
}

export function assertMayActForResident(user: SessionUser, personShelterId: string | null): void {
  if (mayActForResident(user, personShelterId)) return;
  throw new AppError(
    403,
    'acting_not_allowed',
    'You may act only for someone at a shelter you work at: check the person in first, or help them at a counter.',
  );
}

export interface ActingSessionState {
  staff_user_id: string;
  expires_at: Date;
  ended_at: Date | null;
}

/** An acting session lets the staff member who opened it act, until it is ended or expires. */
export function actingSessionAllows(
  user: SessionUser,
  session: ActingSessionState,
  now = new Date(),
): boolean {
  return session.staff_user_id === user.id && session.ended_at === null && session.expires_at > now;
}

/** The open session, or `acting_session_required` (ended, expired, someone else's or none). */
export function requireActingSession<T extends ActingSessionState>(
  user: SessionUser,
  session: T | undefined,
  now = new Date(),
): T {
  if (session && actingSessionAllows(user, session, now)) return session;
  throw new AppError(
    403,
    'acting_session_required',
    'No open acting session for this person: start one with their consent (it ends after a while).',
  );
}

export interface DesignationGrant {
  designee_resident_id: string | null;
  status: string;
  act_for_me: boolean;
}

/**
 * A designee acts for the person who named them only while the designation is accepted and the
 * person allows it ("act for me"); a kiosk or staff account never does.
 */
export function mayActAsDesignee(user: SessionUser, grant: DesignationGrant | undefined): boolean {
  return (
    user.role === 'resident' &&
    user.residentId !== null &&
    grant !== undefined &&
    grant.designee_resident_id === user.residentId &&
    grant.status === 'accepted' &&
    grant.act_for_me
  );
}

export function assertMayActAsDesignee(user: SessionUser, grant: DesignationGrant | undefined): void {
  if (mayActAsDesignee(user, grant)) return;
  throw new AppError(
    403,
    'acting_not_allowed',
    'This person has not allowed you to act for them (ask them to turn on "act for me").',
  );
}

/** An application is acted on for its applicant only: by them, or by someone acting for them. */
export const actsForApplicant = (
  who: { residentId: string },
  application: { resident_id: string },
): boolean => application.resident_id === who.residentId;
