import type { ContactChannel, ContactPoint, ContactSettings } from '@contract/contacts/contacts.schema';
import { api, request } from './http';

export type { ContactChannel, ContactPoint, ContactSettings };

const path = (channel: ContactChannel) => `/api/me/contacts/${channel}`;

/** My e-mail address and mobile number for warnings, and which channels this system sends on. */
export function fetchContactSettings(signal?: AbortSignal): Promise<ContactSettings> {
  return api.get('/api/me/contacts', { signal });
}

/** Sets the address; the server sends a six-digit code to it. */
export function setContactAddress(channel: ContactChannel, address: string): Promise<ContactPoint> {
  return request('PUT', path(channel), { body: { address } });
}

export function resendContactCode(channel: ContactChannel): Promise<ContactPoint> {
  return api.post(`${path(channel)}/code`);
}

export function verifyContact(channel: ContactChannel, code: string): Promise<ContactPoint> {
  return api.post(`${path(channel)}/verify`, { code });
}

/** Gives consent to the wording of `version`, or withdraws it. */
export function setContactConsent(
  channel: ContactChannel,
  given: boolean,
  version: string,
): Promise<ContactPoint> {
  return request('PUT', `${path(channel)}/consent`, { body: given ? { given, version } : { given } });
}

export function removeContact(channel: ContactChannel): Promise<void> {
  return request('DELETE', path(channel));
}
