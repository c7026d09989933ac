import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { z } from 'zod';
import { passkeyInvalid, passkeySignInFailed } from './enrolment.errors.js';
import type { authenticationResponse, registrationResponse } from '@contract/enrolment/passkey.schema.js';
import type { PasskeyRow } from './passkeys.queries.js';
import type { RelyingParty } from './relying-party.js';

/**
 * Discoverable passkeys (the browser finds the account: no username), with user verification when
 * the device can (PIN, fingerprint, face): the passkey alone stands for the account.
 */
export function registrationOptionsFor(
  rp: RelyingParty,
  displayName: string,
  existing: readonly { credential_id: string; transports: string[] }[] = [],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: displayName,
    userDisplayName: displayName,
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credential_id,
      transports: passkey.transports,
    })),
    timeout: 120_000,
  });
}

export function authenticationOptionsFor(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({ rpID: rp.id, userVerification: 'preferred', timeout: 120_000 });
}

export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
  backedUp: boolean;
}

/** Checks a new passkey against the challenge handed out for it; refuses anything off. */
export async function verifiedPasskey(
  response: z.output<typeof registrationResponse>,
  challenge: string,
  rp: RelyingParty,
): Promise<NewPasskey> {
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!verified) throw passkeyInvalid();
    const { credential, credentialBackedUp } = registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
      backedUp: credentialBackedUp,
    };
  } catch {
    throw passkeyInvalid();
  }
}

/** Checks a sign-in signature with the stored key; returns the authenticator's new counter. */
export async function verifiedSignIn(
  response: z.output<typeof authenticationResponse>,
  challenge: string,
  passkey: PasskeyRow,
  rp: RelyingParty,
): Promise<number> {
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.credential_id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, 'base64url')),
        counter: Number(passkey.sign_count),
        transports: passkey.transports,
      },
      requireUserVerification: false,
    });
    if (!verified) throw passkeySignInFailed();
    return authenticationInfo.newCounter;
  } catch {
    throw passkeySignInFailed();
  }
}
