import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { z } from 'zod';
import type { sessionResponse } from '@contract/auth/auth.schema';
import type {
  claimResponse,
  enrolmentStatus,
  issuedCode,
  startResponse,
} from '@contract/enrolment/enrolment.schema';
import type { passkeySchema } from '@contract/enrolment/passkey.schema';
import type { Me } from './auth';
import { api, request, setCsrfToken } from './http';

/** A code as issued: shown once, the server keeps only its hash; with its portal URL's QR code. */
export type IssuedCode = z.output<typeof issuedCode>;
export type EnrolmentStatus = z.output<typeof enrolmentStatus>;

export function issueCode(residentId: string, shelterId: string | null): Promise<IssuedCode> {
  return api.post('/api/enrolment/codes', { residentId, ...(shelterId ? { shelterId } : {}) });
}

export function revokeCode(codeId: string, shelterId: string | null): Promise<void> {
  return api.post(`/api/enrolment/codes/${codeId}/revoke`, shelterId ? { shelterId } : {});
}

export function fetchEnrolmentStatus(residentId: string, shelterId: string | null): Promise<EnrolmentStatus> {
  const query = shelterId ? `?shelterId=${encodeURIComponent(shelterId)}` : '';
  return api.get(`/api/enrolment/people/${residentId}${query}`);
}

/** The claim's first step; the passkey options are what the server's WebAuthn library made. */
export type StartedClaim = Omit<z.output<typeof startResponse>, 'passkeyOptions'> & {
  passkeyOptions: PublicKeyCredentialCreationOptionsJSON;
};

export function startClaim(code: string, birthDate: string): Promise<StartedClaim> {
  return api.post('/api/enrolment/start', { code, birthDate });
}

/** Asks the device to make a passkey for the options the server handed out. */
export function createPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  return startRegistration({ optionsJSON: options });
}

export type ClaimedAccount = z.output<typeof claimResponse>;

export async function claimAccount(claim: {
  code: string;
  birthDate: string;
  password?: string;
  passkey?: RegistrationResponseJSON;
}): Promise<ClaimedAccount> {
  const session = await api.post<ClaimedAccount>('/api/enrolment/claim', claim);
  setCsrfToken(session.csrfToken);
  return session;
}

/** The browser offers the passkeys it holds for this site; no username needed. */
export async function signInWithPasskey(): Promise<Me> {
  const options = await api.post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/passkey/options');
  const response = await startAuthentication({ optionsJSON: options });
  const session = await api.post<z.output<typeof sessionResponse>>('/api/auth/passkey', { response });
  setCsrfToken(session.csrfToken);
  return session.user;
}

export type Passkey = z.output<typeof passkeySchema>;

export async function listPasskeys(): Promise<Passkey[]> {
  return (await api.get<{ passkeys: Passkey[] }>('/api/me/passkeys')).passkeys;
}

export async function addPasskey(): Promise<Passkey[]> {
  const options = await api.post<PublicKeyCredentialCreationOptionsJSON>('/api/me/passkeys/options');
  const response = await startRegistration({ optionsJSON: options });
  return (await api.post<{ passkeys: Passkey[] }>('/api/me/passkeys', { response })).passkeys;
}

export function removePasskey(id: string): Promise<void> {
  return request('DELETE', `/api/me/passkeys/${encodeURIComponent(id)}`);
}
