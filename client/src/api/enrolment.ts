import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { Me } from './auth';
import { api, request, setCsrfToken } from './http';

export interface IssuedCode {
  codeId: string;
  /** Shown once: the server keeps only its hash. */
  code: string;
  expiresAt: string;
  recovery: boolean;
  displayName: string;
  portalUrl: string;
  /** SVG data URL of the portal URL's QR code. */
  qrCode: string;
}

export interface EnrolmentStatus {
  enrolled: boolean;
  openCode: { id: string; recovery: boolean; issuedAt: string; expiresAt: string } | null;
}

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

export interface StartedClaim {
  displayName: string;
  recovery: boolean;
  passkeyOptions: PublicKeyCredentialCreationOptionsJSON;
}

export function startClaim(code: string, birthDate: string): Promise<StartedClaim> {
  return api.post('/api/enrolment/start', { code, birthDate });
}

/** Asks the device to make a passkey for the options the server handed out. */
export function createPasskey(
  options: PublicKeyCredentialCreationOptionsJSON,
): Promise<RegistrationResponseJSON> {
  return startRegistration({ optionsJSON: options });
}

export interface ClaimedAccount {
  user: Me;
  username: string;
  recovered: boolean;
}

export async function claimAccount(claim: {
  code: string;
  birthDate: string;
  password?: string;
  passkey?: RegistrationResponseJSON;
}): Promise<ClaimedAccount> {
  const session = await api.post<ClaimedAccount & { csrfToken: string }>('/api/enrolment/claim', claim);
  setCsrfToken(session.csrfToken);
  return session;
}

/** The browser offers the passkeys it holds for this site; no username needed. */
export async function signInWithPasskey(): Promise<Me> {
  const options = await api.post<PublicKeyCredentialRequestOptionsJSON>('/api/auth/passkey/options');
  const response = await startAuthentication({ optionsJSON: options });
  const session = await api.post<{ user: Me; csrfToken: string }>('/api/auth/passkey', { response });
  setCsrfToken(session.csrfToken);
  return session.user;
}

export interface Passkey {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
}

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
