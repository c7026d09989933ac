import type { z } from 'zod';
import type { actingForPerson, actingSessionSchema, ConsentKind } from '@contract/acting/acting.schema';
import { CONSENT_KINDS } from '@contract/acting/acting.schema';
import type { familyReportBody, reportResult } from '@contract/family/family.schema';
import type { inboxPageSchema } from '@contract/inbox/inbox.schema';
import { api, request } from './http';
import type { ApplicationDetail, ApplicationSummary, ApplicationsApi } from './relief';

/** Acting for a resident (代理): staff acting sessions and "act for me" designees (contract/acting). */

export { CONSENT_KINDS, type ConsentKind };
export type ActingSession = z.output<typeof actingSessionSchema>;
export type ActingForPerson = z.output<typeof actingForPerson>;
export type ActingReport = z.input<typeof familyReportBody>;
export type InboxPage = z.output<typeof inboxPageSchema>;

const enc = encodeURIComponent;

export const actingApi = {
  start: (input: { residentId: string; consent: ConsentKind; reason: string }) =>
    api.post<ActingSession>('/api/acting/sessions', { ...input, identityChecked: true }),
  current: () => api.get<{ session: ActingSession | null }>('/api/acting/sessions/current'),
  end: (sessionId: string) => api.post<{ ok: true }>(`/api/acting/sessions/${enc(sessionId)}/end`, {}),
  report: (sessionId: string, report: ActingReport) =>
    api.post<z.output<typeof reportResult>>(`/api/acting/sessions/${enc(sessionId)}/report`, report),
  setActForMe: (designationId: string, allowed: boolean) =>
    request<{ ok: true }>('PUT', `/api/me/designees/${enc(designationId)}/act-for-me`, { body: { allowed } }),
  actingFor: () => api.get<{ people: ActingForPerson[] }>('/api/me/acting-for'),
  notices: (residentId: string) =>
    api.get<InboxPage>(`/api/me/acting-for/${enc(residentId)}/notices?limit=50`),
};

/** The person's applications as someone acting for them sees them, under `base`. */
function actingApplications(base: string, paper: boolean): ApplicationsApi {
  return {
    own: false,
    mine: () => api.get<{ applications: ApplicationSummary[] }>(`${base}/applications`),
    create: (programmeCode) => api.post<ApplicationSummary>(`${base}/applications`, { programmeCode }),
    get: (id) => api.get<ApplicationDetail>(`${base}/applications/${enc(id)}`),
    save: (id, answers) =>
      request<{ ok: true }>('PUT', `${base}/applications/${enc(id)}/answers`, { body: { answers } }),
    submit: (id, answers) => api.post<{ ok: true }>(`${base}/applications/${enc(id)}/submit`, { answers }),
    ...(paper
      ? {
          paperReceived: (id: string, slot: string) =>
            api.post<unknown>(`${base}/applications/${enc(id)}/paper-originals`, { slot }),
        }
      : {}),
  };
}

/** Staff in an acting session: applications, and paper originals handed in at the counter. */
export const sessionApplications = (sessionId: string) =>
  actingApplications(`/api/acting/sessions/${enc(sessionId)}`, true);

/** A designee the person allowed to act for them. */
export const designeeApplications = (residentId: string) =>
  actingApplications(`/api/me/acting-for/${enc(residentId)}`, false);
