/**
 * The kiosk at a shelter, against the real server: a registered kiosk signs a resident in with
 * their card and PIN into a session that can only do what the resident does for themselves, ends
 * when idle (with its sockets), and ends when the kiosk's key is revoked or rotated. Wrong PINs
 * lock the card until staff unlock it, and nothing in the answers tells whether a card exists.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { claim, goodPassword, issueCode } from './support/enrolment.js';
import { errorIdOf, kioskSignIn, registerKiosk } from './support/kiosks.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const IDLE_SECONDS = 3;
const PER_KIOSK_PER_MINUTE = 12;
const PIN = '5820';

describe('kiosk at the shelter', () => {
  let t: TestServer;
  let shelterId: string;
  let otherShelterId: string;
  let staff: HttpClient;
  let municipality: Awaited<ReturnType<typeof buildMunicipality>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestServer({
      KIOSK_IDLE_SECONDS: String(IDLE_SECONDS),
      KIOSK_SIGN_INS_PER_MINUTE: String(PER_KIOSK_PER_MINUTE),
    });
    municipality = await buildMunicipality(t.db);
    shelterId = (await buildShelter(t.db, { municipality, capacity: 50 })).id;
    otherShelterId = (await buildShelter(t.db, { municipality, capacity: 50 })).id;
    staff = await signIn(t, { role: 'shelter_staff', shelterIds: [shelterId] });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  /** A resident with a card and an account whose PIN they set on their account page. */
  async function residentWithPin(pin: string | null = PIN) {
    const resident = await buildResident(t.db, { municipality });
    const cardUid = randomCardUid();
    await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(cardUid) });
    const account = await buildUser(t.db, { role: 'resident', residentId: resident.id });
    if (pin) {
      const own = t.client();
      await own.login(account.username, account.password);
      const { status } = await own.request('PUT', '/api/me/kiosk-pin', { json: { pin } });
      expect(status).toBe(200);
    }
    return { residentId: resident.id, cardUid, account };
  }

  const liveKioskSessions = async (kioskId: string) =>
    Number(
      (await t.db.query<{ n: string }>('SELECT count(*) AS n FROM sessions WHERE kiosk_id = $1', [kioskId]))
        .rows[0]!.n,
    );

  function residentSocket(client: HttpClient): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: client.cookieHeader! },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const disconnected = (socket: Socket, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (socket.disconnected) return resolve();
      const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
      socket.once('disconnect', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  it('opens a resident session with card + right PIN, limited to what the resident does for themselves', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const pc = t.client();
    const { status, body, headers } = await kioskSignIn(pc, kiosk.deviceKey, {
      cardUid: person.cardUid,
      pin: PIN,
    });
    expect(status).toBe(200);
    // The cookie lives as long as the browser at most: no Max-Age, no Expires.
    expect(headers.getSetCookie().join()).not.toMatch(/max-age|expires/i);
    expect((body as { user: { residentId: string } }).user.residentId).toBe(person.residentId);
    expect((await t.db.query('SELECT 1 FROM sessions WHERE kiosk_id = $1', [kiosk.id])).rowCount).toBe(1);

    expect((await pc.get('/api/me/inbox')).status).toBe(200);
    expect((await pc.get('/api/me/family')).status).toBe(200);
    expect((await pc.get('/api/me/applications')).status).toBe(200);
    // Not a staff route, and never a change of how the account signs in.
    expect((await pc.get(`/api/shelters/${shelterId}/readers`)).status).toBe(403);
    for (const [method, path, json] of [
      ['PUT', '/api/me/kiosk-pin', { pin: '7391' }],
      ['DELETE', '/api/me/kiosk-pin', undefined],
      ['POST', '/api/me/password', { currentPassword: person.account.password, newPassword: 'x'.repeat(20) }],
      ['POST', '/api/me/passkeys/options', undefined],
      ['POST', '/api/auth/logout-everywhere', undefined],
    ] as const) {
      const answer = await pc.request(method, path, json === undefined ? {} : { json });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(errorIdOf(answer.body), `${method} ${path}`).toBe('kiosk_session_limited');
    }

    // The person's access log shows the sign-in as made at this kiosk of this shelter.
    const own = t.client();
    await own.login(person.account.username, person.account.password);
    const log = (await own.get('/api/me/access-log')).body as {
      entries: { action: string; via: string }[];
    };
    const entry = log.entries.find((e) => e.action === 'kiosk_sign_in');
    expect(entry?.via).toMatch(/^kiosk at .+ \(Lobby PC\)$/);

    // Signing out ends the session on the server and clears the cookie.
    expect((await pc.post('/api/auth/logout')).status).toBe(204);
    expect(pc.cookieHeader).toBeUndefined();
    expect(await liveKioskSessions(kiosk.id)).toBe(0);
  });

  it('gives one answer for an unknown card, a wrong PIN, a revoked card and a card without a PIN', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const noPin = await residentWithPin(null);
    const revoked = await residentWithPin();
    await t.db.query('UPDATE cards SET revoked_at = now() WHERE token = $1', [
      t.server.checkins.tokenFor(revoked.cardUid),
    ]);
    const answers = [
      await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: randomCardUid(), pin: PIN }),
      await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: person.cardUid, pin: '9173' }),
      await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: revoked.cardUid, pin: PIN }),
      await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: noPin.cardUid, pin: PIN }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(errorIdOf(answers[0]!.body)).toBe('kiosk_sign_in_failed');
  });

  it('locks a card after 5 wrong PINs until staff unlock it, exactly as it locks an unknown card', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const unknownUid = randomCardUid();
    for (const cardUid of [person.cardUid, unknownUid]) {
      for (let attempt = 1; attempt <= 4; attempt++) {
        const answer = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid, pin: '9173' });
        expect(errorIdOf(answer.body), `attempt ${attempt}`).toBe('kiosk_sign_in_failed');
      }
      const fifth = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid, pin: '9173' });
      expect(fifth.status).toBe(423);
      expect(errorIdOf(fifth.body)).toBe('kiosk_card_locked');
    }
    // Locked: even the right PIN is refused, at this kiosk and at any other.
    const otherKiosk = await registerKiosk(staff, shelterId);
    const right = await kioskSignIn(t.client(), otherKiosk.deviceKey, { cardUid: person.cardUid, pin: PIN });
    expect(errorIdOf(right.body)).toBe('kiosk_card_locked');

    const status = await staff.get(`/api/kiosk/people/${person.residentId}?shelterId=${shelterId}`);
    expect(status.body).toEqual({ pinSet: true, hasAccount: true, locked: true });
    // Staff elsewhere may not unlock, and staff must confirm they checked who the person is.
    const elsewhere = await signIn(t, { role: 'shelter_staff', shelterIds: [otherShelterId] });
    const refused = await elsewhere.post(`/api/kiosk/people/${person.residentId}/unlock`, {
      shelterId,
      identityChecked: true,
    });
    expect(refused.status).toBe(403);
    const unchecked = await staff.post(`/api/kiosk/people/${person.residentId}/unlock`, { shelterId });
    expect(errorIdOf(unchecked.body)).toBe('validation_failed');

    const unlocked = await staff.post(`/api/kiosk/people/${person.residentId}/unlock`, {
      shelterId,
      identityChecked: true,
    });
    expect(unlocked.body).toEqual({ pinSet: true, hasAccount: true, locked: false });
    const pc = t.client();
    expect((await kioskSignIn(pc, kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN })).status).toBe(200);

    // Each step is in the person's access log: the lock at the kiosk and the unlock by staff.
    const own = t.client();
    await own.login(person.account.username, person.account.password);
    const actions = (
      (await own.get('/api/me/access-log')).body as { entries: { action: string }[] }
    ).entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['kiosk_card_locked', 'kiosk_card_unlocked', 'kiosk_sign_in']),
    );
  });

  it('lets staff clear a forgotten PIN (logged); the card then signs in no more until a new PIN is set', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const pc = t.client();
    expect((await kioskSignIn(pc, kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN })).status).toBe(200);
    const reset = await staff.post(`/api/kiosk/people/${person.residentId}/reset-pin`, {
      shelterId,
      identityChecked: true,
    });
    expect(reset.body).toEqual({ pinSet: false, hasAccount: true, locked: false });
    // The kiosk session opened with the old PIN ended with it.
    expect((await pc.get('/api/me/inbox')).status).toBe(401);
    const again = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN });
    expect(errorIdOf(again.body)).toBe('kiosk_sign_in_failed');
  });

  it('refuses weak PINs and PINs that are not 4 to 8 digits', async () => {
    const person = await residentWithPin(null);
    const own = t.client();
    await own.login(person.account.username, person.account.password);
    for (const pin of ['1111', '1234', '98765']) {
      const { body } = await own.request('PUT', '/api/me/kiosk-pin', { json: { pin } });
      expect(errorIdOf(body), pin).toBe('weak_pin');
    }
    for (const pin of ['123', '123456789', '12a4', '１２３４']) {
      const { body } = await own.request('PUT', '/api/me/kiosk-pin', { json: { pin } });
      expect(errorIdOf(body), pin).toBe('validation_failed');
    }
  });

  it('takes a PIN when the account is claimed, and a recovery clears it with the other ways in', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const resident = await buildResident(t.db, { municipality, birthDate: '1951-06-23' });
    const cardUid = randomCardUid();
    await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(cardUid) });
    const first = await issueCode(staff, resident.id, shelterId);
    const claimWith = (code: string, kioskPin: string) =>
      claim(t.client(), '127.0.0.1', { code, birthDate: '1951-06-23', password: goodPassword(), kioskPin });
    // The birth date as a PIN is refused, and nothing is created: the code stays open.
    expect(errorIdOf((await claimWith(first.code, '0623')).body)).toBe('weak_pin');
    expect((await claimWith(first.code, PIN)).status).toBe(201);
    expect((await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid, pin: PIN })).status).toBe(200);

    const recovery = await issueCode(staff, resident.id, shelterId);
    expect(recovery.recovery).toBe(true);
    const recovered = await claim(t.client(), '127.0.0.1', {
      code: recovery.code,
      birthDate: '1951-06-23',
      password: goodPassword(),
    });
    expect(recovered.status).toBe(201);
    const old = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid, pin: PIN });
    expect(errorIdOf(old.body)).toBe('kiosk_sign_in_failed');
  });

  it('ends a kiosk session after its idle time, and its socket with it', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const pc = t.client();
    expect((await kioskSignIn(pc, kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN })).status).toBe(200);
    const socket = await residentSocket(pc);
    const expired = new Promise<void>((resolve) => socket.once('session:expired', () => resolve()));
    // Idle time plus one sweep of the session watch (5 s).
    await disconnected(socket, (IDLE_SECONDS + 8) * 1000);
    await expired;
    expect((await pc.get('/api/me/inbox')).status).toBe(401);
  }, 20_000);

  it('ends every session and socket of a kiosk when staff revoke it, and refuses its key from then on', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const pc = t.client();
    expect((await kioskSignIn(pc, kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN })).status).toBe(200);
    const socket = await residentSocket(pc);
    const gone = disconnected(socket, 5_000);
    expect((await staff.post(`/api/kiosks/${kiosk.id}/revoke`)).status).toBe(200);
    await gone;
    expect(await liveKioskSessions(kiosk.id)).toBe(0);
    expect((await pc.get('/api/me/inbox')).status).toBe(401);
    const after = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN });
    expect(after.status).toBe(401);
    expect(errorIdOf(after.body)).toBe('kiosk_key_invalid');
  });

  it('ends the sessions of a kiosk whose key is rotated; the new key works, the old one not', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    const person = await residentWithPin();
    const pc = t.client();
    await kioskSignIn(pc, kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN });
    const rotated = await staff.post(`/api/kiosks/${kiosk.id}/rotate-key`);
    const newKey = (rotated.body as { deviceKey: string }).deviceKey;
    expect((await pc.get('/api/me/inbox')).status).toBe(401);
    const old = await kioskSignIn(t.client(), kiosk.deviceKey, { cardUid: person.cardUid, pin: PIN });
    expect(errorIdOf(old.body)).toBe('kiosk_key_invalid');
    expect((await kioskSignIn(t.client(), newKey, { cardUid: person.cardUid, pin: PIN })).status).toBe(200);
  });

  it('limits attempts per kiosk, and only staff of the shelter register its kiosks', async () => {
    const kiosk = await registerKiosk(staff, shelterId);
    let limited: { status: number; body: unknown } | undefined;
    for (let attempt = 0; attempt <= PER_KIOSK_PER_MINUTE && !limited; attempt++) {
      const answer = await kioskSignIn(t.client(), kiosk.deviceKey, {
        cardUid: randomCardUid(),
        pin: '9173',
      });
      if (answer.status === 429) limited = answer;
    }
    expect(errorIdOf(limited?.body)).toBe('rate_limited');
    const elsewhere = await signIn(t, { role: 'shelter_staff', shelterIds: [otherShelterId] });
    expect((await elsewhere.post(`/api/shelters/${shelterId}/kiosks`, { name: 'PC' })).status).toBe(403);
    const resident = await signIn(t, {
      role: 'resident',
      residentId: (await buildResident(t.db, { municipality })).id,
    });
    expect((await resident.post(`/api/shelters/${shelterId}/kiosks`, { name: 'PC' })).status).toBe(403);
    // A reader's key is not a kiosk key.
    const reader = await staff.post(`/api/shelters/${shelterId}/readers`, { name: 'Door' });
    const readerKey = (reader.body as { deviceKey: string }).deviceKey;
    const wrongKey = await kioskSignIn(t.client(), readerKey, { cardUid: randomCardUid(), pin: PIN });
    expect(errorIdOf(wrongKey.body)).toBe('kiosk_key_invalid');
  }, 30_000);
});
