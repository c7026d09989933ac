/**
 * Every access decision of the server, in one place: who may do what to which resource. Routes
 * declare their coarse role list (`access: STAFF`); services and socket handlers ask these
 * functions about the resource itself. access-matrix.test.ts is the table of role × action ×
 * resource; test/authz-matrix.test.ts proves the same rules end to end through HTTP and sockets.
 *
 * Family and designee visibility (who sees whose whereabouts) is decided inside the SQL that reads
 * the family, so the rows a viewer may not see never leave the database: family-visibility.ts
 * holds its rules as SQL predicates.
 */
export { ADMIN, HQ, RESIDENT, STAFF, isHq } from './roles.js';
export { assertMayManageShelter, mayManageShelter } from './shelters.js';
export { NOT_A_RESIDENT, requireResident, residentOf, type ResidentUser } from './residents.js';
export { mayReview, opensAsApplicant, ownsApplication } from './relief.js';
export { mayLookUpWithoutPurpose } from './people.js';
export { mayReadCapDocument } from './alerts.js';
export { mayWatchHq, mayWatchPublicOccupancy } from './realtime.js';
export { familyVisibilitySql } from './family-visibility.js';
export {
  assertMayIssueEnrolmentCodes,
  assertMayManageEnrolmentLetters,
  mayIssueEnrolmentCodes,
  mayManageEnrolmentLetters,
} from './enrolment.js';
export { assertMayChangeSignIn, assertMayHelpWithKiosk, mayChangeSignIn, mayHelpWithKiosk } from './kiosk.js';
export { assertMayMakePostLetters, mayMakePostLetters } from './post.js';
export {
  isAreaScoped,
  mayBeSentOnVisits,
  mayRecordVisitOutcome,
  supporterAreaSql,
  VISITORS,
} from './visits.js';
export {
  actingSessionAllows,
  actsForApplicant,
  assertMayActAsDesignee,
  assertMayActForResident,
  mayActAsDesignee,
  mayActForResident,
  requireActingSession,
  type ActingSessionState,
  type DesignationGrant,
} from './acting.js';
export { assertMayManageOwnContacts } from './contacts.js';
export { assertMayManagePushDevices, mayManagePushDevices } from './push.js';
