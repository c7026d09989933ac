import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident, buildUser } from './support/factories.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** A signature answer for `challenge` by a passkey nobody registered (or by `credentialId`). */
function forgedAssertion(challenge: string, origin: string, credentialId = b64(randomBytes(16))) {
  return {
    id: credentialId,
    rawId: credentialId,
    type: 'public-key',
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64(JSON.stringify({ type: 'webauthn.get', challenge, origin })),
      authenticatorData: b64(randomBytes(37)),
      signature: b64(randomBytes(64)),
    },
  };
}

describe('passkey sign-in and an account’s passkeys', () => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  async function passkeyOf(userId: string): Promise<string> {
    const id = b64(randomBytes(16));
    await t.db.query(`INSERT INTO passkeys (credential_id, user_id, public_key) VALUES ($1, $2, $3)`, [
      id,
      userId,
      b64(randomBytes(77)),
    ]);
    return id;
  }

  it('hands out a discoverable challenge and refuses an unknown, forged or replayed answer alike', async () => {
    const browser = t.client();
    const options = (await browser.post('/api/auth/passkey/options')).body as {
      challenge: string;
      rpId: string;
      allowCredentials?: unknown[];
    };
    expect(options.rpId).toBe('127.0.0.1');
    expect(options.allowCredentials ?? []).toEqual([]);

    const unknown = await browser.post('/api/auth/passkey', {
      response: forgedAssertion(options.challenge, t.url),
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: { id: 'passkey_sign_in_failed' } });

    // A known passkey with a bad signature, on a fresh challenge: the same answer.
    const resident = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const user = await buildUser(t.db, { role: 'resident', residentId: resident.id });
    const credentialId = await passkeyOf(user.id);
    const fresh = (await browser.post('/api/auth/passkey/options')).body as { challenge: string };
    const forged = forgedAssertion(fresh.challenge, t.url, credentialId);
    const bad = await browser.post('/api/auth/passkey', { response: forged });
    expect(bad.body).toEqual(unknown.body);
    // The challenge was used up by that answer: replaying it cannot succeed either.
    const replay = await browser.post('/api/auth/passkey', { response: forged });
    expect(replay.body).toEqual(unknown.body);
    const { rows } = await t.db.query('SELECT 1 FROM webauthn_challenges WHERE challenge = $1', [
      fresh.challenge,
    ]);
    expect(rows).toHaveLength(0);
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('refuses a malformed answer by its schema', async () => {
    const response = await t.client().post('/api/auth/passkey', { response: { id: 'x', type: 'password' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { id: 'validation_failed' } });
  });

  it('lists the account’s passkeys and never removes the last way in', async () => {
    const resident = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const user = await buildUser(t.db, { role: 'resident', residentId: resident.id });
    const client = t.client();
    await client.login(user.username, user.password);
    const first = await passkeyOf(user.id);
    const second = await passkeyOf(user.id);
    const listed = (await client.get('/api/me/passkeys')).body as { passkeys: { id: string }[] };
    expect(listed.passkeys.map((passkey) => passkey.id).sort()).toEqual([first, second].sort());

    expect((await client.request('DELETE', `/api/me/passkeys/${first}`)).status).toBe(204);
    // Passkey only from now on: the last passkey is the only way in and stays.
    await t.db.query('UPDATE users SET password_hash = NULL WHERE id = $1', [user.id]);
    const last = await client.request('DELETE', `/api/me/passkeys/${second}`);
    expect(last.status).toBe(409);
    expect(last.body).toMatchObject({ error: { id: 'last_credential' } });
    const other = await signIn(t, {
      role: 'resident',
      residentId: (await buildResident(t.db, { municipality: await buildMunicipality(t.db) })).id,
    });
    expect((await other.request('DELETE', `/api/me/passkeys/${second}`)).status).toBe(404);

    const log = (await client.get('/api/me/access-log')).body as { entries: { action: string }[] };
    expect(log.entries.map((entry) => entry.action)).toContain('passkey_removed');
    const options = (await client.post('/api/me/passkeys/options')).body as {
      excludeCredentials: { id: string }[];
      authenticatorSelection: { residentKey: string };
    };
    expect(options.excludeCredentials.map((credential) => credential.id)).toEqual([second]);
    expect(options.authenticatorSelection.residentKey).toBe('required');
  });
});
