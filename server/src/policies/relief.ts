import type { SessionUser } from '../modules/auth/auth.types.js';

/** Each programme names the role that reviews its applications; admins review every programme. */
export const mayReview = (user: SessionUser, programme: { reviewerRole: string }): boolean =>
  user.role === 'admin' || user.role === programme.reviewerRole;

/** An application is its applicant's alone; anyone else is told it does not exist. */
export const ownsApplication = (user: SessionUser, application: { resident_id: string }): boolean =>
  user.residentId !== null && application.resident_id === user.residentId;

/** A resident opens attachments as the applicant; every other role only as a reviewer. */
export const opensAsApplicant = (user: SessionUser): boolean =>
  user.residentId !== null && user.role === 'resident';
