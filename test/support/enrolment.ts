import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { HttpClient } from './http-client.js';

export interface IssuedCode {
  codeId: string;
  code: string;
  expiresAt: string;
  recovery: boolean;
  displayName: string;
  portalUrl: string;
  qrCode: string;
}

/** A client address of its own (the test server trusts one proxy hop), so limits per address do not mix. */
export const newAddress = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

export async function issueCode(
  staff: HttpClient,
  residentId: string,
  shelterId?: string,
): Promise<IssuedCode> {
  const { status, body } = await staff.post('/api/enrolment/codes', { residentId, shelterId });
  expect(status, JSON.stringify(body)).toBe(201);
  return body as IssuedCode;
}

/** POSTs as if from `address` (X-Forwarded-For through the one trusted hop). */
export function postFrom(client: HttpClient, address: string, path: string, json: unknown) {
  return client.request('POST', path, { json, headers: { 'x-forwarded-for': address } });
}

export function claim(client: HttpClient, address: string, body: Record<string, unknown>) {
  return postFrom(client, address, '/api/enrolment/claim', body);
}

export function start(client: HttpClient, address: string, body: { code: string; birthDate: string }) {
  return postFrom(client, address, '/api/enrolment/start', body);
}

/** A passphrase the password policy accepts. */
export const goodPassword = () => `cherry blossoms over kanazawa ${randomInt(1_000_000)}`;
