import { api, request } from './http';

/**
 * Shapes of the family, privacy, designee and access-log API (docs/family-and-privacy.md;
 * contract/family/*.schema.ts, contract/audit/audit.schema.ts).
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
import type { z } from 'zod';
import type {
  familyMember,
  familyResponse,
  historyEntry,
  privacySettings,
  reportResult,
  whereaboutsView,
} from '@contract/family/family.schema';
import type {
  incomingInvitation,
  outgoingDesignation,
  outgoingList,
} from '@contract/family/designations.schema';
import type { accessLogEntry, accessLogPage } from '@contract/audit/audit.schema';
import type { familyReportBody, selfReportBody } from '@contract/family/family.schema';
import type { inviteBody } from '@contract/family/designations.schema';

export { PLACES, SAFETY, type Place, type ReportSource, type Safety, type StayType };
export const VISIBILITIES = ['household_and_designees', 'household', 'designees', 'nobody'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export type Relation = 'self' | 'household' | 'designated_me';

export interface Municipality {
  code: string;
  name: string | null;
}

export type Whereabouts = z.output<typeof whereaboutsView>;

export type FamilyMember = z.output<typeof familyMember>;

export type FamilyList = z.output<typeof familyResponse>;

export type HistoryEntry = z.output<typeof historyEntry>;

export interface FamilyMemberDetail extends FamilyMember {
  history: HistoryEntry[];
}

export type ReportBody = z.input<typeof familyReportBody>;

export type SelfReportBody = z.input<typeof selfReportBody>;

export type ReportResult = z.output<typeof reportResult>;

export type PrivacySettings = z.output<typeof privacySettings>;

export type PrivacyPatch = Partial<Pick<PrivacySettings, 'whereaboutsVisibility' | 'discloseSafety'>>;

export type InviteBody = z.input<typeof inviteBody>;

export type OutgoingDesignation = z.output<typeof outgoingDesignation>;

export type OutgoingList = z.output<typeof outgoingList>;

export type IncomingInvitation = z.output<typeof incomingInvitation>;

export type ViewerRole = 'resident' | 'shelter_staff' | 'hq_operator' | 'admin' | 'community_supporter';

export type AccessLogEntry = z.output<typeof accessLogEntry>;

export type AccessLogPage = z.output<typeof accessLogPage>;

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
