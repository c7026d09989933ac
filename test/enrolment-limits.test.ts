import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEnrolmentCode } from '../server/src/modules/enrolment/enrolment-code.js';
import { CLAIM_LIMITS } from '../server/src/modules/enrolment/enrolment.limits.js';
import { buildMunicipality, buildResident, randomBirthDate } from './support/factories.js';
import { claim, goodPassword, issueCode, newAddress, start } from './support/enrolment.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const GLOBAL_PER_MINUTE = 40;

/** Guessing codes or birth dates is slowed per code, per address and for everyone together. */
describe('enrolment claim limits', () => {
  let t: TestServer;
  let hq: HttpClient;

  beforeAll(async () => {
    t = await startTestServer({ TRUST_PROXY: '1' });
    hq = await signIn(t, { role: 'hq_operator' });
  });
  afterAll(() => t.close());

  async function issued() {
    const birthDate = randomBirthDate();
    const person = await buildResident(t.db, { municipality: await buildMunicipality(t.db), birthDate });
    return { birthDate, code: (await issueCode(hq, person.id)).code };
  }

  it('stops trying birth dates on one code, from any address, even with the right one afterwards', async () => {
    const { birthDate, code } = await issued();
    for (let i = 0; i < CLAIM_LIMITS.perCode.limit; i += 1) {
      const wrong = await start(t.client(), newAddress(), { code, birthDate: `19${10 + i}-01-01` });
      expect(wrong.body).toMatchObject({ error: { id: 'enrolment_invalid' } });
    }
    const right = await claim(t.client(), newAddress(), { code, birthDate, password: goodPassword() });
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ error: { id: 'rate_limited' } });
    const { details } = (right.body as { error: { details: { retryAfterSeconds: number } } }).error;
    expect(details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('revokes a code for good after too many wrong birth dates, counted on both steps of a claim', async () => {
    const strict = await startTestServer({ TRUST_PROXY: '1', ENROLMENT_CODE_MAX_WRONG_BIRTH_DATES: '3' });
    try {
      const staff = await signIn(strict, { role: 'hq_operator' });
      const birthDate = randomBirthDate();
      const municipality = await buildMunicipality(strict.db);
      const person = await buildResident(strict.db, { municipality, birthDate });
      const { code } = await issueCode(staff, person.id);
      // Two wrong dates through the first step, one through the claim itself (its transaction
      // rolls back; the count must not).
      for (const wrong of ['1911-01-01', '1912-01-01']) {
        expect((await start(strict.client(), newAddress(), { code, birthDate: wrong })).status).toBe(400);
      }
      const third = await claim(strict.client(), newAddress(), {
        code,
        birthDate: '1913-01-01',
        password: goodPassword(),
      });
      expect(third.body).toMatchObject({ error: { id: 'enrolment_invalid' } });
      // Now even the right birth date is refused, exactly as a wrong one is.
      const right = await start(strict.client(), newAddress(), { code, birthDate });
      expect(right.status).toBe(400);
      expect(right.body).toMatchObject({ error: { id: 'enrolment_invalid' } });
      const { rows } = await strict.db.query<{ revoked_reason: string | null; wrong_birth_dates: number }>(
        'SELECT revoked_reason, wrong_birth_dates FROM enrolment_codes WHERE resident_id = $1',
        [person.id],
      );
      expect(rows).toEqual([{ revoked_reason: 'wrong_birth_dates', wrong_birth_dates: 3 }]);
      // Staff issue a new one, which works with the right birth date.
      const fresh = await issueCode(staff, person.id);
      expect((await start(strict.client(), newAddress(), { code: fresh.code, birthDate })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('stops one address trying many codes; the limit looks the same for real and made-up codes', async () => {
    const address = newAddress();
    for (let i = 0; i < CLAIM_LIMITS.perAddress.limit; i += 1) {
      await start(t.client(), address, { code: generateEnrolmentCode(), birthDate: '1970-01-01' });
    }
    const { birthDate, code } = await issued();
    const real = await start(t.client(), address, { code, birthDate });
    const madeUp = await start(t.client(), address, { code: '9999-9999-9999-9999', birthDate });
    expect(real.status).toBe(429);
    expect(madeUp.status).toBe(429);
    expect({ ...(real.body as object) }).toEqual({ ...(madeUp.body as object) });
    // Another address is not affected.
    expect((await start(t.client(), newAddress(), { code, birthDate })).status).toBe(200);
  });

  it('caps claims from everyone together', async () => {
    const small = await startTestServer({
      TRUST_PROXY: '1',
      ENROLMENT_CLAIMS_PER_MINUTE: String(GLOBAL_PER_MINUTE),
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < GLOBAL_PER_MINUTE + 5; i += 1) {
        const response = await start(small.client(), newAddress(), {
          code: generateEnrolmentCode(),
          birthDate: '1970-01-01',
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(0, GLOBAL_PER_MINUTE).every((status) => status === 400)).toBe(true);
      expect(statuses.slice(GLOBAL_PER_MINUTE)).toEqual([429, 429, 429, 429, 429]);
    } finally {
      await small.close();
    }
  });
});
