import { describe, expect, it } from 'vitest';
import type { SessionUser, UserRole } from '../modules/auth/auth.types.js';
import {
  ADMIN,
  HQ,
  actingSessionAllows,
  actsForApplicant,
  mayActAsDesignee,
  mayActForResident,
  mayChangeSignIn,
  mayHelpWithKiosk,
  mayIssueEnrolmentCodes,
  assertMayManageOwnContacts,
  mayManageEnrolmentLetters,
  mayManagePushDevices,
  mayMakePostLetters,
  mayLookUpWithoutPurpose,
  mayManageShelter,
  mayReadCapDocument,
  mayReview,
  mayWatchHq,
  mayWatchPublicOccupancy,
  opensAsApplicant,
  ownsApplication,
  requireResident,
  residentOf,
  RESIDENT,
  STAFF,
} from './index.js';
import { isAreaScoped, mayBeSentOnVisits, mayRecordVisitOutcome, VISITORS } from './visits.js';

/**
 * The access matrix: who may do what to which resource. One row per action on a resource, one
 * column per actor; `yes` allows, `no` refuses, `—` means the router has already refused the actor
 * (the decision only runs for a signed-in user). Loosening or tightening any policy changes a cell
 * and fails this test, so a change of who may do what is always a visible change of this table.
 */
const ACTORS = ['anonymous', 'resident', 'staffHere', 'staffElsewhere', 'hq', 'admin', 'supporter'] as const;
type Actor = (typeof ACTORS)[number];
type Cell = 'yes' | 'no' | '—';

const SHELTER = 'shelter-here';
const OTHER_SHELTER = 'shelter-elsewhere';
const RESIDENT_ID = 'resident-1';

function user(role: UserRole, extra: Partial<SessionUser> = {}): SessionUser {
  return {
    id: `user-${role}`,
    username: role,
    displayName: role,
    role,
    residentId: null,
    shelterIds: [],
    sessionIdHash: 'hash',
    csrfToken: 'csrf',
    kioskId: null,
    ...extra,
  };
}

const users: Record<Actor, SessionUser | null> = {
  anonymous: null,
  resident: user('resident', { residentId: RESIDENT_ID }),
  staffHere: user('shelter_staff', { shelterIds: [SHELTER] }),
  staffElsewhere: user('shelter_staff', { shelterIds: [OTHER_SHELTER] }),
  hq: user('hq_operator'),
  admin: user('admin'),
  supporter: user('community_supporter'),
};

type Decision = (user: SessionUser | null) => boolean;

const PAST = new Date(Date.now() - 60_000);
const openSession = (staffUserId: string) => ({
  staff_user_id: staffUserId,
  expires_at: new Date(Date.now() + 30 * 60_000),
  ended_at: null as Date | null,
});
/** A designation naming the resident actor as designee. */
const grant = (actForMe: boolean) => ({
  designee_resident_id: RESIDENT_ID,
  status: 'accepted',
  act_for_me: actForMe,
});
/** A decision about a signed-in user; anonymous callers never reach it. */
const signedIn =
  (decide: (user: SessionUser) => boolean): Decision =>
  (u) => {
    if (!u) throw new Error('unreachable for anonymous callers');
    return decide(u);
  };
const inRoles = (roles: readonly UserRole[]) => signedIn((u) => roles.includes(u.role));
/** A visit decision, for the roles whose routes reach it. */
const visiting = (decide: (user: SessionUser) => boolean) =>
  signedIn((u) => (VISITORS as readonly UserRole[]).includes(u.role) && decide(u));
/** A decision that refuses by throwing, as a yes or no. */
const allowed = (decide: () => unknown): boolean => {
  try {
    decide();
    return true;
  } catch {
    return false;
  }
};
const acting = signedIn((u) => {
  try {
    requireResident(u);
    return true;
  } catch {
    return false;
  }
});

// prettier-ignore
const MATRIX: [string, Decision, Cell, Cell, Cell, Cell, Cell, Cell, Cell][] = [
  // Route role lists: the router refuses everyone else before any handler runs.
  ['call staff routes (readers, console, people, notices)', inRoles(STAFF), '—', 'no', 'yes', 'yes', 'yes', 'yes', 'no'],
  ['call HQ routes (warnings, exports, HQ map, lists)', inRoles(HQ), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  ['call resident routes (applications, notice settings)', inRoles(RESIDENT), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  ['call admin routes (audit chain check)', inRoles(ADMIN), '—', 'no', 'no', 'no', 'no', 'yes', 'no'],
  // Shelters: readers, console, cards, walk-ins, occupants.
  ['manage a shelter they work at', signedIn((u) => mayManageShelter(u, SHELTER)), '—', 'no', 'yes', 'no', 'yes', 'yes', 'no'],
  ['manage any other shelter', signedIn((u) => mayManageShelter(u, 'shelter-3')), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Enrolment codes: at a shelter one works at, or anywhere for HQ; a resident never.
  ['issue enrolment codes at a shelter they work at', signedIn((u) => mayIssueEnrolmentCodes(u, SHELTER)), '—', 'no', 'yes', 'no', 'yes', 'yes', 'no'],
  ['issue enrolment codes naming no shelter', signedIn((u) => mayIssueEnrolmentCodes(u, undefined)), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Enrolment letters: codes for thousands at once, files with codes in clear.
  ['create enrolment letters and download their files', signedIn(mayManageEnrolmentLetters), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Letters by post for people no channel reaches: files with the names and addresses of households.
  ['make letters by post and download their files', signedIn(mayMakePostLetters), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Kiosks: staff help with PINs and locked cards as they issue codes; a kiosk session (card + PIN)
  // never changes how an account signs in.
  ['clear a PIN or unlock a card at a shelter they work at', signedIn((u) => mayHelpWithKiosk(u, SHELTER)), '—', 'no', 'yes', 'no', 'yes', 'yes', 'no'],
  ['clear a PIN or unlock a card naming no shelter', signedIn((u) => mayHelpWithKiosk(u, undefined)), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  ['change how they sign in (password, passkeys, PIN)', signedIn(mayChangeSignIn), '—', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ['change how they sign in from a kiosk session', signedIn((u) => mayChangeSignIn({ ...u, kioskId: 'kiosk-1' })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  // The resident portal (/api/me/...): family, inbox, applications, notice settings, access log.
  ['act for their registered person', acting, '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  ['open their own relief application', signedIn((u) => ownsApplication(u, { resident_id: RESIDENT_ID })), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  ["open someone else's relief application", signedIn((u) => ownsApplication(u, { resident_id: 'resident-2' })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ['open attachments as the applicant (else as reviewer)', signedIn(opensAsApplicant), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  // E-mail addresses and mobile numbers for warnings: the person's own only; staff and HQ never read
  // them (the server reads them itself to send).
  ['read and change their own e-mail and mobile number', signedIn((u) => allowed(() => assertMayManageOwnContacts(u))), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  // Push notifications: a registered person's own devices, never from a shelter kiosk.
  ['subscribe their devices to push notifications', signedIn(mayManagePushDevices), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  ['subscribe a device from a kiosk session', signedIn((u) => mayManagePushDevices({ ...u, kioskId: 'kiosk-1' })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  // Relief review: each programme names its reviewer role.
  ['review a programme reviewed by shelter staff', signedIn((u) => mayReview(u, { reviewerRole: 'shelter_staff' })), '—', 'no', 'yes', 'yes', 'no', 'yes', 'no'],
  ['review a programme reviewed by HQ', signedIn((u) => mayReview(u, { reviewerRole: 'hq_operator' })), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // People lookups: a stated purpose is needed, except for staff about someone in their shelter.
  ['look up, without a purpose, a person in this shelter', signedIn((u) => mayLookUpWithoutPurpose(u, SHELTER)), '—', 'no', 'yes', 'no', 'no', 'no', 'no'],
  ['look up, without a purpose, a person in no shelter', signedIn((u) => mayLookUpWithoutPurpose(u, null)), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  // Acting for a resident (代理): staff in an acting session with the person's consent, or a
  // designee the person allowed to "act for me".
  ['start acting for a person at a shelter they work at', signedIn((u) => mayActForResident(u, SHELTER)), '—', 'no', 'yes', 'no', 'yes', 'yes', 'no'],
  ['start acting for a person at no shelter (a counter)', signedIn((u) => mayActForResident(u, null)), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  ['act in their own open acting session', signedIn((u) => actingSessionAllows(u, openSession(u.id))), '—', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ["act in someone else's acting session", signedIn((u) => actingSessionAllows(u, openSession('user-other'))), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ['act in their own expired acting session', signedIn((u) => actingSessionAllows(u, { ...openSession(u.id), expires_at: PAST })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ['act in their own ended acting session', signedIn((u) => actingSessionAllows(u, { ...openSession(u.id), ended_at: PAST })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ['act for a person who allowed them to act for them', signedIn((u) => mayActAsDesignee(u, grant(true))), '—', 'yes', 'no', 'no', 'no', 'no', 'no'],
  ['act for a person who named them designee without "act for me"', signedIn((u) => mayActAsDesignee(u, grant(false))), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ['act for a person whose designation of them ended', signedIn((u) => mayActAsDesignee(u, { ...grant(true), status: 'revoked' })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  ["touch an application of the person they act for", signedIn(() => actsForApplicant({ residentId: 'resident-2' }, { resident_id: 'resident-2' })), '—', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ["touch an application of anyone else while acting for a person", signedIn(() => actsForApplicant({ residentId: 'resident-2' }, { resident_id: 'resident-3' })), '—', 'no', 'no', 'no', 'no', 'no', 'no'],
  // Warnings: the CAP document.
  ['read a public, issued CAP document', (u) => mayReadCapDocument(u, { scope: 'Public', status: 'Actual' }), 'yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ['read a draft CAP document', (u) => mayReadCapDocument(u, { scope: 'Public', status: 'Draft' }), 'no', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  ['read a restricted CAP document', (u) => mayReadCapDocument(u, { scope: 'Restricted', status: 'Actual' }), 'no', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Live rooms a socket joins.
  ['hear live shelter occupancy', mayWatchPublicOccupancy, 'yes', 'no', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ["hear HQ's live feed", signedIn(mayWatchHq), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
  // Visits to the unreached: HQ opens and assigns (HQ routes above); visitors see their own list.
  ['call visit-list routes (my visits, outcome, route sheet)', inRoles(VISITORS), '—', 'no', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ['be sent on visits by HQ', signedIn((u) => mayBeSentOnVisits(u.role)), '—', 'no', 'yes', 'yes', 'yes', 'no', 'yes'],
  ['see visit tasks only inside their area', signedIn(isAreaScoped), '—', 'no', 'no', 'no', 'no', 'no', 'yes'],
  ['record the outcome of their visit, in their area', visiting((u) => mayRecordVisitOutcome(u, { assigned_to: u.id, in_area: true })), '—', 'no', 'yes', 'yes', 'yes', 'yes', 'yes'],
  ['record the outcome of their visit, outside their area', visiting((u) => mayRecordVisitOutcome(u, { assigned_to: u.id, in_area: false })), '—', 'no', 'yes', 'yes', 'yes', 'yes', 'no'],
  ["record the outcome of someone else's visit", visiting((u) => mayRecordVisitOutcome(u, { assigned_to: 'user-other', in_area: true })), '—', 'no', 'no', 'no', 'yes', 'yes', 'no'],
];

const cellOf = (decide: Decision, actor: Actor): Cell => {
  const u = users[actor];
  try {
    return decide(u) ? 'yes' : 'no';
  } catch (error) {
    if (!u) return '—';
    throw error;
  }
};

describe('access matrix (role × action × resource)', () => {
  it.each(MATRIX)('%s', (_action, decide, ...expected) => {
    const actual = ACTORS.map((actor) => cellOf(decide, actor));
    expect(Object.fromEntries(ACTORS.map((a, i) => [a, actual[i]]))).toEqual(
      Object.fromEntries(ACTORS.map((a, i) => [a, expected[i]])),
    );
  });

  it('an account without a registered person is refused as a resident, with the reason', () => {
    expect(() => requireResident(users.staffHere)).toThrow(
      expect.objectContaining({ status: 403, id: 'forbidden' }) as Error,
    );
    expect(requireResident(users.resident)).toEqual({ user: users.resident, residentId: RESIDENT_ID });
  });

  it('offers resident socket handlers and family rooms to exactly the accounts that act as residents', () => {
    for (const actor of ACTORS) {
      const user = users[actor];
      expect(residentOf(user) !== null, actor).toBe(user !== null && acting(user));
    }
  });
});
