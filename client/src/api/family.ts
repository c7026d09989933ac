import { api, request } from './http';

/**
 * Shapes of the family, privacy, designee and access-log API (docs/family-and-privacy.md;
 * server/src/modules/family/*.schema.ts, server/src/modules/audit/audit.schema.ts).
 */

export type { FamilyInvitationEvent, FamilySubscribedEvent, FamilyUpdateEvent } from '@contract/events';

// The vocabulary of whereabouts is the server's own (pure constants, no server code bundled).
import {
  PLACES,
  SAFETY,
  type Place,
  type ReportSource,
  type Safety,
  type StayType,
} from '@contract/whereabouts/whereabouts.types';

export { PLACES, SAFETY, type Place, type ReportSource, type Safety, type StayType };
export const VISIBILITIES = ['household_and_designees', 'household', 'designees', 'nobody'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export type Relation = 'self' | 'household' | 'designated_me';

export interface Municipality {
  code: string;
  name: string | null;
}

export interface Whereabouts {
  place: Place;
  shelter: { id: string; name: string; address: string | null } | null;
  stayType: StayType | null;
  municipality: Municipality | null;
  safety: Safety | null;
  source: ReportSource;
  reportedAt: string;
  note: string | null;
}

export interface FamilyMember {
  residentId: string;
  familyName: string;
  givenName: string;
  relation: Relation;
  minor: boolean;
  /** null: nothing reported yet. */
  whereabouts: Whereabouts | null;
}

export interface FamilyList {
  self: FamilyMember;
  members: FamilyMember[];
}

export interface HistoryEntry {
  place: Place;
  shelterName: string | null;
  stayType: StayType | null;
  municipality: Municipality | null;
  safety: Safety | null;
  source: ReportSource;
  note: string | null;
  occurredAt: string;
  /** Arrived after a newer state: recorded in history only. */
  late: boolean;
}

export interface FamilyMemberDetail extends FamilyMember {
  history: HistoryEntry[];
}

export interface ReportBody {
  safety?: Safety;
  place?: Place;
  shelterId?: string;
  stayType?: StayType;
  municipalityCode?: string;
  note?: string;
}

export interface SelfReportBody extends ReportBody {
  location?: { lat: number; lon: number; accuracy?: number };
  shareLocation?: boolean;
}

export interface ReportResult {
  /** False when a newer state exists: the report went into history only. */
  applied: boolean;
  whereabouts: Whereabouts | null;
  locationKeptUntil: string | null;
}

export interface PrivacySettings {
  whereaboutsVisibility: Visibility;
  discloseSafety: boolean;
  /** Under 18: the adults of the household always see my whereabouts. */
  minor: boolean;
}

export type PrivacyPatch = Partial<Pick<PrivacySettings, 'whereaboutsVisibility' | 'discloseSafety'>>;

export interface InviteBody {
  familyName: string;
  givenName: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

export interface OutgoingDesignation {
  id: string;
  invited: { familyName: string; givenName: string; birthDate: string };
  /** `pending` also covers invitations that matched nobody or were declined. */
  status: 'pending' | 'accepted' | 'expired' | 'ended';
  designee: { residentId: string; familyName: string; givenName: string } | null;
  createdAt: string;
  expiresAt: string;
}

export interface OutgoingList {
  designees: OutgoingDesignation[];
  max: number;
}

export interface IncomingInvitation {
  id: string;
  from: { residentId: string; familyName: string; givenName: string };
  status: 'pending' | 'accepted';
  createdAt: string;
  expiresAt: string;
}

export type ViewerRole = 'resident' | 'shelter_staff' | 'hq_operator' | 'admin';

export interface AccessLogEntry {
  at: string;
  /** `name` only for family members; staff and HQ appear by role. */
  viewer: { role: ViewerRole; name: string | null };
  action: string;
  via: string;
  purpose: string | null;
}

export interface AccessLogPage {
  entries: AccessLogEntry[];
  /** Cursor for the next (older) page; null at the end. */
  next: number | null;
}

const member = (residentId: string) => `/api/me/family/${encodeURIComponent(residentId)}`;

export const fetchFamily = (signal?: AbortSignal) => api.get<FamilyList>('/api/me/family', { signal });

export const fetchFamilyMember = (residentId: string, signal?: AbortSignal) =>
  api.get<FamilyMemberDetail>(member(residentId), { signal });

export const reportSelf = (body: SelfReportBody) => api.post<ReportResult>('/api/me/report', body);

export const reportForMember = (residentId: string, body: ReportBody) =>
  api.post<ReportResult>(`${member(residentId)}/report`, body);

export const fetchPrivacy = (signal?: AbortSignal) => api.get<PrivacySettings>('/api/me/privacy', { signal });

export const updatePrivacy = (patch: PrivacyPatch) =>
  request<PrivacySettings>('PATCH', '/api/me/privacy', { body: patch });

export const fetchDesignees = (signal?: AbortSignal) =>
  api.get<OutgoingList>('/api/me/designees', { signal });

export const inviteDesignee = (body: InviteBody) => api.post<OutgoingDesignation>('/api/me/designees', body);

export const removeDesignee = (designationId: string) =>
  request<undefined>('DELETE', `/api/me/designees/${encodeURIComponent(designationId)}`);

export const fetchInvitations = (signal?: AbortSignal) =>
  api.get<{ invitations: IncomingInvitation[] }>('/api/me/invitations', { signal });

export const answerInvitation = (invitationId: string, answer: 'accept' | 'decline') =>
  api.post<undefined>(`/api/me/invitations/${encodeURIComponent(invitationId)}/${answer}`);

export function fetchAccessLog(
  page: { limit?: number; before?: number | null } = {},
  signal?: AbortSignal,
): Promise<AccessLogPage> {
  const params = new URLSearchParams();
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (page.before != null) params.set('before', String(page.before));
  const search = params.toString();
  return api.get<AccessLogPage>(`/api/me/access-log${search ? `?${search}` : ''}`, { signal });
}
