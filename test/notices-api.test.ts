import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredNotices } from '../server/src/modules/notices/notices.module.js';
import type { InboxNewEvent } from '../server/src/realtime/events.js';
import { buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { buildNoticeFixture, setPlace, type NoticeFixture } from './support/notice-fixtures.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface InboxEntry {
  position: number;
  kind: string;
  noticeId: string | null;
  notice: { title: string; body: string; language: string; link: string | null } | null;
}

describe('notices over the API', () => {
  let t: TestServer;
  let fx: NoticeFixture;
  let staff: HttpClient;
  let hq: HttpClient;
  const sockets: Socket[] = [];
  const inLanguage = (ja: string, en?: string) => ({
    ja: { title: ja, body: `${ja}の詳細はリンク先をご覧ください。` },
    ...(en ? { en: { title: en, body: `${en}: see the link for details.` } } : {}),
  });
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  async function residentClient(residentId: string, language = 'ja'): Promise<HttpClient> {
    await t.db.query('UPDATE residents SET language = $2 WHERE id = $1', [residentId, language]);
    const user = await buildUser(t.db, { role: 'resident', residentId });
    const client = t.client();
    await client.login(user.username, user.password);
    return client;
  }

  function open(client: HttpClient): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookieHeader! },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const waitFor = async <T>(read: () => T | undefined, ms = 3000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = read();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const inbox = async (client: HttpClient) =>
    ((await client.get('/api/me/inbox')).body as { entries: InboxEntry[] }).entries;

  /** A fresh person in municipality 0 with the given consent and whereabouts. */
  async function person(options: { consent: boolean; place?: string; livesNow?: string }): Promise<string> {
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO residents (family_name, given_name, birth_date, sex, home_municipality_code, home_point,
                              notice_consent, lives_now_municipality_code, lives_now_municipality_name)
       VALUES ('告知', '個人' || floor(random() * 1e9)::text, '1970-05-05', 'female', $1,
               ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, $5, $6) RETURNING id`,
      [
        fx.codes[0],
        fx.bbox[0] + 0.003,
        fx.bbox[1] + 0.003,
        options.consent,
        options.livesNow ?? null,
        options.livesNow ? '金沢市' : null,
      ],
    );
    const id = rows[0]!.id;
    if (options.place) await setPlace(t.db, id, options.place, fx.shelterId);
    return id;
  }

  beforeAll(async () => {
    t = await startTestServer();
    fx = await buildNoticeFixture(t.db, 7, 20);
    const staffUser = await buildUser(t.db, { role: 'shelter_staff' });
    staff = t.client();
    await staff.login(staffUser.username, staffUser.password);
    const hqUser = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(hqUser.username, hqUser.password);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('pushes a notice for people evacuated outside to them only, live, and counts receipts', async () => {
    const outside = await person({ consent: true, livesNow: '17201' });
    const outsideByState = await person({ consent: true, place: 'evacuated_outside' });
    const atHome = await person({ consent: true, place: 'home' });
    const declined = await person({ consent: false, place: 'evacuated_outside' });
    const clients = {
      outside: await residentClient(outside, 'en'),
      outsideByState: await residentClient(outsideByState),
      atHome: await residentClient(atHome),
      declined: await residentClient(declined),
    };
    const heard: Record<string, InboxNewEvent[]> = {};
    for (const [name, client] of Object.entries(clients)) {
      heard[name] = [];
      (await open(client)).on('inbox:new', (event: InboxNewEvent) => heard[name]!.push(event));
    }

    const targeting = { municipalityCodes: [fx.codes[0]], whereabouts: ['evacuated_outside'] };
    const preview = await staff.post('/api/notices/preview', { targeting });
    expect(preview.status).toBe(200);

    const sent = await staff.post('/api/notices', {
      texts: inLanguage('罹災証明書の申請受付', 'Applications for damage certificates'),
      link: 'https://www.city.nanao.lg.jp/bousai/risai.html',
      endsAt: inAWeek(),
      targeting,
    });
    expect(sent.status).toBe(201);
    const body = sent.body as { notice: { id: string }; targeted: number; pushed: number };
    expect(body.targeted).toBe((preview.body as { total: number }).total);
    expect(body.pushed).toBeGreaterThanOrEqual(2);

    const live = await waitFor(() => heard.outside!.find((e) => e.noticeId === body.notice.id));
    expect(live).toMatchObject({
      kind: 'notice',
      headline: 'Applications for damage certificates',
      language: 'en',
    });
    await waitFor(() => heard.outsideByState!.find((e) => e.noticeId === body.notice.id));
    const [entry] = (await inbox(clients.outsideByState)).filter((e) => e.noticeId === body.notice.id);
    expect(entry?.notice).toMatchObject({ title: '罹災証明書の申請受付', language: 'ja' });

    // Nobody else hears of it or finds it in their inbox.
    await new Promise((r) => setTimeout(r, 200));
    for (const name of ['atHome', 'declined'] as const) {
      expect(heard[name]).toEqual([]);
      expect((await inbox(clients[name])).some((e) => e.noticeId === body.notice.id)).toBe(false);
    }

    // The inbox receipt endpoints work for notices; staff see the counts.
    expect((await clients.outside.post(`/api/me/inbox/${live.position}/delivered`)).status).toBe(200);
    expect((await clients.outsideByState.post(`/api/me/inbox/${entry!.position}/read`)).status).toBe(200);
    const detail = await hq.get(`/api/notices/${body.notice.id}`);
    expect(detail.body).toMatchObject({ stats: { targeted: body.targeted, delivered: 2, read: 1 } });
    const list = (await staff.get('/api/notices')).body as { notices: { id: string }[] };
    expect(list.notices[0]?.id).toBe(body.notice.id);
  });

  it('previews the count of consenting people, with personal data found in draft texts', async () => {
    const targeting = { municipalityCodes: [fx.codes[0], fx.codes[1]] };
    const expected = fx.residents.filter((r) => r.consent).length;
    const { status, body } = await hq.post('/api/notices/preview', {
      targeting: { ...targeting, ageMax: 130 },
      texts: { ja: { title: '説明会', body: '連絡は 090-1234-5678 まで' } },
    });
    expect(status).toBe(200);
    expect((body as { total: number }).total).toBeGreaterThanOrEqual(expected);
    expect((body as { personalData: unknown[] }).personalData).toEqual([{ field: 'ja.body', kind: 'phone' }]);
  });

  it('rejects personal data in the title or body and writes nothing', async () => {
    const targeting = { municipalityCodes: [fx.codes[0]] };
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices');
    const phone = await staff.post('/api/notices', {
      texts: { ja: { title: '生活再建支援金', body: 'あなたの支給額は300万円です。' } },
      endsAt: inAWeek(),
      targeting,
    });
    expect(phone.status).toBe(400);
    expect(phone.body).toMatchObject({
      error: {
        id: 'notice_personal_data',
        details: { problems: [{ field: 'ja.body', kind: 'personal_amount' }] },
      },
    });
    const someone = fx.residents.find((r) => r.homeCode === fx.codes[0])!;
    const named = await staff.post('/api/notices', {
      texts: inLanguage('お知らせ', 'Notice'),
      endsAt: inAWeek(),
      targeting,
    });
    expect(named.status).toBe(201);
    const withName = await staff.post('/api/notices', {
      texts: { ja: { title: 'お知らせ', body: `${someone.familyName}\u3000${someone.givenName} さんへ` } },
      endsAt: inAWeek(),
      targeting,
    });
    expect(withName.status).toBe(400);
    expect(withName.body).toMatchObject({
      error: {
        id: 'notice_personal_data',
        details: { problems: [{ field: 'ja.body', kind: 'resident_name' }] },
      },
    });
    // The same name is not personal to anyone the notice goes to when they are not targeted.
    const elsewhere = await staff.post('/api/notices', {
      texts: { ja: { title: 'お知らせ', body: `${someone.familyName}${someone.givenName} 記念館の開館` } },
      endsAt: inAWeek(),
      targeting: { municipalityCodes: [fx.codes[1]], polygons: [] },
    });
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
    const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notices');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 2);
  });

  it('answers the name check the same whatever the personal filters, and logs what a preview reads', async () => {
    const patient = await person({ consent: true, place: 'hospital' });
    const { rows } = await t.db.query<{ family_name: string; given_name: string }>(
      'SELECT family_name, given_name FROM residents WHERE id = $1',
      [patient],
    );
    const name = `${rows[0]!.family_name} ${rows[0]!.given_name}`;
    const preview = (whereabouts: string[]) =>
      staff.post('/api/notices/preview', {
        targeting: { municipalityCodes: [fx.codes[0]], whereabouts },
        texts: { ja: { title: 'お知らせ', body: `${name} さんについて` } },
      });
    const inHospital = await preview(['hospital']);
    const atHome = await preview(['home']);
    expect(inHospital.status).toBe(200);
    expect(atHome.status).toBe(200);
    const problems = (body: unknown) => (body as { personalData: unknown[] }).personalData;
    // Whether the named person is in hospital cannot be read off the answer.
    expect(problems(inHospital.body)).toEqual([{ field: 'ja.body', kind: 'resident_name' }]);
    expect(problems(atHome.body)).toEqual(problems(inHospital.body));
    const logged = await t.db.query<{ action: string; via: string }>(
      'SELECT action, via FROM access_log WHERE subject_resident_id = $1 ORDER BY seq',
      [patient],
    );
    expect(logged.rows.filter((row) => row.action === 'notice_name_check')).toHaveLength(2);
    expect(logged.rows.every((row) => row.via === 'POST /api/notices/preview')).toBe(true);

    // A personal-attribute filter that singles out a few people is a read of their data.
    const [lon, lat] = [fx.bbox[0] + 0.003, fx.bbox[1] + 0.003];
    const around = [
      [lon - 0.0005, lat - 0.0005],
      [lon + 0.0005, lat - 0.0005],
      [lon + 0.0005, lat + 0.0005],
      [lon - 0.0005, lat + 0.0005],
      [lon - 0.0005, lat - 0.0005],
    ];
    const small = await staff.post('/api/notices/preview', {
      targeting: { polygons: [around], whereabouts: ['hospital'] },
    });
    expect(small.status).toBe(200);
    expect((small.body as { total: number }).total).toBeGreaterThanOrEqual(1);
    expect((small.body as { total: number }).total).toBeLessThanOrEqual(10);
    const previews = await t.db.query(
      `SELECT 1 FROM access_log WHERE subject_resident_id = $1 AND action = 'notice_preview'`,
      [patient],
    );
    expect(previews.rows.length).toBeGreaterThanOrEqual(1);
  });

  it('hides a notice after its end date and purges it later with its inbox entries', async () => {
    const reader = await person({ consent: true });
    const client = await residentClient(reader);
    const send = async () => {
      const { body } = await staff.post('/api/notices', {
        texts: inLanguage('仮設住宅の入居説明会'),
        endsAt: inAWeek(),
        targeting: { municipalityCodes: [fx.codes[0]] },
      });
      return (body as { notice: { id: string } }).notice.id;
    };
    const ended = await send();
    const recent = await send();
    const mine = async () => (await inbox(client)).map((e) => e.noticeId);
    expect(await mine()).toEqual(expect.arrayContaining([ended, recent]));

    await t.db.query(
      `UPDATE notices SET starts_at = now() - interval '60 days', ends_at = now() - interval '40 days' WHERE id = $1`,
      [ended],
    );
    await t.db.query(
      `UPDATE notices SET starts_at = now() - interval '20 days', ends_at = now() - interval '10 days' WHERE id = $1`,
      [recent],
    );
    expect(await mine()).not.toContain(ended);
    expect(await mine()).not.toContain(recent);
    const { rows: position } = await t.db.query<{ id: number }>(
      'SELECT id FROM inbox_items WHERE notice_id = $1 AND resident_id = $2',
      [ended, reader],
    );
    expect((await client.get(`/api/me/inbox/${position[0]!.id}`)).status).toBe(404);

    const purged = await purgeExpiredNotices(t.db, 30);
    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await t.db.query<{ id: string }>('SELECT id FROM notices WHERE id = ANY ($1::uuid[])', [
      [ended, recent],
    ]);
    expect(left.rows.map((r) => r.id)).toEqual([recent]);
    const entries = await t.db.query('SELECT 1 FROM inbox_items WHERE notice_id = $1', [ended]);
    expect(entries.rowCount).toBe(0);
    expect(() => purgeExpiredNotices(t.db, -1)).toThrow(RangeError);
  });

  it('lets staff and HQ preview and send, never residents or strangers', async () => {
    const resident = await residentClient(await person({ consent: true }));
    const stranger = t.client();
    const targeting = { municipalityCodes: [fx.codes[0]] };
    const draft = { texts: inLanguage('お知らせ'), endsAt: inAWeek(), targeting };
    expect((await resident.post('/api/notices/preview', { targeting })).status).toBe(403);
    expect((await resident.post('/api/notices', draft)).status).toBe(403);
    expect((await resident.get('/api/notices')).status).toBe(403);
    expect((await stranger.post('/api/notices/preview', { targeting })).status).toBe(401);
    expect((await staff.post('/api/notices/preview', { targeting })).status).toBe(200);
    expect((await hq.post('/api/notices/preview', { targeting })).status).toBe(200);
    expect((await staff.get('/api/me/notice-settings')).status).toBe(403);
  });

  it('refuses bad input with stable error ids', async () => {
    const base = {
      texts: inLanguage('お知らせ'),
      endsAt: inAWeek(),
      targeting: { municipalityCodes: [fx.codes[0]] },
    };
    const cases: [unknown, number, string][] = [
      [{ ...base, targeting: { municipalityCodes: ['99999'] } }, 400, 'notice_municipality_unknown'],
      [{ ...base, targeting: { municipalityCodes: ['7a'] } }, 400, 'validation_failed'],
      [
        {
          ...base,
          targeting: {
            polygons: [
              [
                [150, 10],
                [151, 11],
                [151, 10],
                [150, 11],
                [150, 10],
              ],
            ],
          },
        },
        400,
        'notice_polygon_invalid',
      ],
      [
        {
          ...base,
          targeting: {
            polygons: [
              [
                [150, 10],
                [151, 10],
                [151, 11],
                [150, 11],
              ],
            ],
          },
        },
        400,
        'notice_polygon_invalid',
      ],
      [{ ...base, targeting: { ageMin: 70, ageMax: 60 } }, 400, 'validation_failed'],
      [{ ...base, targeting: { whereabouts: ['moon'] } }, 400, 'validation_failed'],
      [{ ...base, targeting: { houseDamage: ['destroyed'] } }, 400, 'validation_failed'],
      [{ ...base, targeting: { sex: 'female' } }, 400, 'validation_failed'],
      [{ ...base, texts: { en: { title: 'Only English', body: 'x' } } }, 400, 'validation_failed'],
      [{ ...base, texts: { ja: { title: '', body: '本文' } } }, 400, 'validation_failed'],
      [{ ...base, texts: { ja: { title: 'お知らせ', body: 'x'.repeat(5001) } } }, 400, 'validation_failed'],
      [{ ...base, link: 'javascript:alert(1)' }, 400, 'validation_failed'],
      [{ ...base, link: 'http://example.com/' }, 400, 'validation_failed'],
      [{ ...base, endsAt: new Date(Date.now() - 1000).toISOString() }, 400, 'notice_period_invalid'],
      [{ ...base, endsAt: 'next week' }, 400, 'validation_failed'],
      [
        { ...base, endsAt: new Date(Date.now() + 400 * 86_400_000).toISOString() },
        400,
        'notice_period_invalid',
      ],
      [{ ...base, startsAt: new Date(Date.now() + 86_400_000).toISOString() }, 400, 'notice_start_in_future'],
      [{ ...base, targeting: undefined }, 400, 'validation_failed'],
    ];
    for (const [body, status, id] of cases) {
      const response = await staff.post('/api/notices', body);
      expect(
        [response.status, (response.body as { error: { id: string } }).error?.id],
        JSON.stringify(body).slice(0, 200),
      ).toEqual([status, id]);
    }
    expect((await hq.get('/api/notices/not-a-uuid')).status).toBe(400);
    expect((await hq.get('/api/notices/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lets a resident set where they live now and their consent, validated', async () => {
    const me = await person({ consent: false });
    const client = await residentClient(me);
    const put = (body: unknown) => client.request('PUT', '/api/me/notice-settings', { json: body });

    const initial = await client.get('/api/me/notice-settings');
    expect(initial.body).toMatchObject({ noticeConsent: false, livesNow: null, evacuatedOutside: false });

    const inRegion = await put({
      noticeConsent: true,
      livesNow: { municipalityCode: fx.codes[1], municipalityName: 'ignored' },
    });
    expect(inRegion.status).toBe(200);
    expect(inRegion.body).toMatchObject({
      noticeConsent: true,
      livesNow: { municipalityCode: fx.codes[1], municipalityName: `告知市${fx.codes[1]}`, inRegion: true },
      evacuatedOutside: true,
    });

    const tokyo = await put({
      noticeConsent: true,
      livesNow: {
        municipalityCode: '13101',
        municipalityName: '千代田区',
        address: '東京都千代田区の親戚宅',
      },
    });
    expect(tokyo.body).toMatchObject({
      livesNow: { municipalityCode: '13101', municipalityName: '千代田区', inRegion: false },
      evacuatedOutside: true,
    });
    const targeted = await staff.post('/api/notices/preview', {
      targeting: { municipalityCodes: [fx.codes[0]], whereabouts: ['evacuated_outside'] },
    });
    const before = (targeted.body as { total: number }).total;

    const home = await put({ noticeConsent: true, livesNow: { municipalityCode: fx.codes[0] } });
    expect(home.body).toMatchObject({ evacuatedOutside: false });
    const after = await staff.post('/api/notices/preview', {
      targeting: { municipalityCodes: [fx.codes[0]], whereabouts: ['evacuated_outside'] },
    });
    expect((after.body as { total: number }).total).toBe(before - 1);

    // A prefecture the region list covers: a code of it that is not in the list is a mistake.
    await t.db.query(
      `INSERT INTO municipalities (code, name, prefecture, population, boundary)
       VALUES ('46201', '告知テスト市', 'テスト県', 1, ST_Multi(ST_MakeEnvelope(129, 20, 129.01, 20.01, 4326)))
       ON CONFLICT (code) DO NOTHING`,
    );
    const errors: [unknown, string][] = [
      [{ noticeConsent: true, livesNow: { municipalityCode: '13101' } }, 'lives_now_name_required'],
      [
        { noticeConsent: true, livesNow: { municipalityCode: '48101', municipalityName: 'x' } },
        'lives_now_municipality_invalid',
      ],
      [
        { noticeConsent: true, livesNow: { municipalityCode: '13000', municipalityName: 'x' } },
        'lives_now_municipality_invalid',
      ],
      [
        { noticeConsent: true, livesNow: { municipalityCode: '46999', municipalityName: 'x' } },
        'lives_now_municipality_unknown',
      ],
      [{ noticeConsent: 'yes', livesNow: null }, 'validation_failed'],
      [{ noticeConsent: true }, 'validation_failed'],
      [
        { noticeConsent: true, livesNow: { municipalityCode: '13101', municipalityName: 'x'.repeat(101) } },
        'validation_failed',
      ],
    ];
    for (const [body, id] of errors) {
      const response = await put(body);
      expect([response.status, (response.body as { error: { id: string } }).error.id]).toEqual([400, id]);
    }
    const cleared = await put({ noticeConsent: false, livesNow: null });
    expect(cleared.body).toMatchObject({ noticeConsent: false, livesNow: null, evacuatedOutside: false });
  });
});
