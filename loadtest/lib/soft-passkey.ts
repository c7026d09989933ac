import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

/**
 * A software authenticator for benches: answers a registration ceremony the way a browser's
 * platform authenticator does (ES256 key, attestation "none", user present and verified), so a
 * bench can claim accounts with passkeys without a browser. The server verifies it exactly as it
 * verifies a phone's answer.
 */
export function passkeyRegistration(options: { challenge: string }, origin: string) {
  const rpId = new URL(origin).hostname;
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 2], // kty: EC2
    [3, -7], // alg: ES256
    [-1, 1], // crv: P-256
    [-2, Buffer.from(jwk.x!, 'base64url')],
    [-3, Buffer.from(jwk.y!, 'base64url')],
  ]);
  const credentialId = randomBytes(32);
  const authData = Buffer.concat([
    createHash('sha256').update(rpId).digest(),
    Buffer.from([0x45]), // user present, user verified, attested credential data
    Buffer.alloc(4), // sign count 0
    Buffer.alloc(16), // AAGUID: none
    Buffer.from([0, credentialId.length]),
    credentialId,
    Buffer.from(isoCBOR.encode(cose)),
  ]);
  const attestation = new Map<string, unknown>();
  attestation.set('fmt', 'none');
  attestation.set('attStmt', new Map());
  attestation.set('authData', new Uint8Array(authData));
  const attestationObject = isoCBOR.encode(attestation as Parameters<typeof isoCBOR.encode>[0]);
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }),
  );
  return {
    id: b64url(credentialId),
    rawId: b64url(credentialId),
    type: 'public-key' as const,
    authenticatorAttachment: 'platform' as const,
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientDataJSON),
      attestationObject: b64url(attestationObject),
      transports: ['internal'],
    },
  };
}
