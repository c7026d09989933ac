import { ApiError, api, getCsrfToken, request } from './http';
import { networkError, parseApiError } from './errors';

export type { ApplicationUpdateEvent } from '@contract/events';
export type { FormDefinition, FormField, AttachmentSlot, Localized } from '@contract/relief/form-definition';
export type { ApplicationState } from '@contract/relief/relief.states';
import type { ApplicationState } from '@contract/relief/relief.states';
import type { z } from 'zod';
import type {
  householdApplicationSchema,
  applicationSummarySchema,
  attachmentSchema,
  applicationDetailSchema,
  eventSchema,
  programmeSchema,
  queueEntrySchema,
} from '@contract/relief/relief.schema';

export type Programme = z.output<typeof programmeSchema>;

export type ApplicationSummary = z.output<typeof applicationSummarySchema>;

export interface RegistryData {
  name: string;
  birthDate: string;
  address: string | null;
  household: { name: string; relationship: string; birthDate: string }[];
}

export type Attachment = z.output<typeof attachmentSchema>;

export type ApplicationEvent = z.output<typeof eventSchema>;

/** The server's schema describes the registry data loosely; its shape is RegistryData. */
export type ApplicationDetail = Omit<z.output<typeof applicationDetailSchema>, 'registry'> & {
  registry: RegistryData;
};

export type QueueEntry = z.output<typeof queueEntrySchema>;

export interface QueueFilter {
  programme?: string;
  state?: ApplicationState;
  municipality?: string;
  minAgeHours?: number;
}

export interface Decision {
  to: ApplicationState;
  reason?: string;
  fields?: string[];
  damageLevel?: string;
}

const enc = encodeURIComponent;

/** Another household member's application: what it is for and where it stands (no answers). */
export type HouseholdApplication = z.output<typeof householdApplicationSchema>;

export const reliefApi = {
  programmes: () => api.get<{ programmes: Programme[] }>('/api/relief/programmes'),
  mine: () => api.get<{ applications: ApplicationSummary[] }>('/api/me/applications'),
  create: (programmeCode: string) => api.post<ApplicationSummary>('/api/me/applications', { programmeCode }),
  get: (id: string) => api.get<ApplicationDetail>(`/api/me/applications/${enc(id)}`),
  save: (id: string, answers: Record<string, unknown>) =>
    request<{ ok: true }>('PUT', `/api/me/applications/${enc(id)}/answers`, { body: { answers } }),
  submit: (id: string, answers: Record<string, unknown>) =>
    api.post<{ ok: true }>(`/api/me/applications/${enc(id)}/submit`, { answers }),
  withdraw: (id: string) => api.post<{ ok: true }>(`/api/me/applications/${enc(id)}/withdraw`, {}),
  household: () => api.get<{ applications: HouseholdApplication[] }>('/api/me/household/applications'),
  removeAttachment: (id: string, attachmentId: string) =>
    request<{ ok: true }>('DELETE', `/api/me/applications/${enc(id)}/attachments/${enc(attachmentId)}`),
  attachmentUrl: (id: string, attachmentId: string, staff = false) =>
    `/api/${staff ? 'relief' : 'me'}/applications/${enc(id)}/attachments/${enc(attachmentId)}`,
  certificateUrl: (id: string, staff = false) =>
    `/api/${staff ? 'relief' : 'me'}/applications/${enc(id)}/certificate.pdf`,
  queue: (filter: QueueFilter) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') query.set(key, String(value));
    }
    return api.get<{ entries: QueueEntry[] }>(`/api/relief/review-queue?${query.toString()}`);
  },
  review: (id: string) => api.get<ApplicationDetail>(`/api/relief/applications/${enc(id)}`),
  decide: (id: string, decision: Decision) =>
    api.post<{ ok: true }>(`/api/relief/applications/${enc(id)}/decision`, decision),
};

/**
 * The application calls of one applicant: the resident's own portal, or someone acting for them
 * (api/acting.ts). Uploads, withdrawing, household and live updates are the person's own only.
 */
export interface ApplicationsApi {
  own: boolean;
  mine: () => Promise<{ applications: ApplicationSummary[] }>;
  create: (programmeCode: string) => Promise<ApplicationSummary>;
  get: (id: string) => Promise<ApplicationDetail>;
  save: (id: string, answers: Record<string, unknown>) => Promise<unknown>;
  submit: (id: string, answers: Record<string, unknown>) => Promise<unknown>;
  /** At a counter: the paper original for an attachment slot was handed in. */
  paperReceived?: (id: string, slot: string) => Promise<unknown>;
}

export const ownApplications: ApplicationsApi = {
  own: true,
  mine: reliefApi.mine,
  create: reliefApi.create,
  get: reliefApi.get,
  save: reliefApi.save,
  submit: reliefApi.submit,
};

/** Sends the file itself as the body: the server streams it to disk and checks it by content. */
export async function uploadAttachment(id: string, slot: string, file: File): Promise<Attachment> {
  const query = new URLSearchParams({ slot, name: file.name.slice(0, 200) || 'file' });
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': file.type || 'application/octet-stream',
  };
  const csrf = getCsrfToken();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let response: Response;
  try {
    response = await fetch(`/api/me/applications/${enc(id)}/attachments?${query.toString()}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON: parseApiError reports it as such
  }
  if (!response.ok) throw parseApiError(response.status, body);
  return body as Attachment;
}

export { ApiError };
