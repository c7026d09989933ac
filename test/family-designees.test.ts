import { randomUUID } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITATIONS_PER_DAY } from '@contract/family/designations.schema.js';
import {
  buildMunicipality,
  buildPerson,
  buildResident,
  buildUser,
  randomBirthDate,
  type BuiltMunicipality,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Outgoing {
  id: string;
  status: string;
  designee: { residentId: string } | null;
  invited: { familyName: string };
  expiresAt: string;
}

describe('designees', () => {
  let t: TestServer;
  let town: BuiltMunicipality;

  async function person(familyName: string, givenName: string, kana: [string, string]) {
    const birthDate = randomBirthDate();
    const { id } = await buildPerson(t.db, {
      municipality: town,
      familyName,
      givenName,
      familyNameKana: kana[0],
      givenNameKana: kana[1],
      birthDate,
    });
    const user = await buildUser(t.db, { role: 'resident', residentId: id });
    const client = t.client();
    await client.login(user.username, user.password);
    return { id, birthDate, client };
  }

  const errorId = (response: { body: unknown }) => (response.body as { error: { id: string } }).error.id;
  const seesInFamily = async (viewer: HttpClient, residentId: string) =>
    ((await viewer.get('/api/me/family')).body as { members: { residentId: string }[] }).members.some(
      (m) => m.residentId === residentId,
    );

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('invites by name and birth date in any writing, and the invitee accepts', async () => {
    const hanako = await person('山田', `花子${randomUUID().slice(0, 4)}`, ['ヤマダ', 'ハナコ']);
    const ichiro = await person('沼倉', '一郎', ['ヌマクラ', 'イチロウ']);
    // Hiragana with an ideographic space meets the registered katakana reading.
    const invite = await hanako.client.post('/api/me/designees', {
      familyName: 'ぬまくら　',
      givenName: 'いちろう',
      birthDate: ichiro.birthDate,
    });
    expect(invite.status).toBe(201);
    const invitation = invite.body as Outgoing;
    expect(invitation).toMatchObject({ status: 'pending', designee: null });
    const again = await hanako.client.post('/api/me/designees', {
      familyName: 'ﾇﾏｸﾗ',
      givenName: 'ｲﾁﾛｳ',
      birthDate: ichiro.birthDate,
    });
    expect((again.body as Outgoing).id).toBe(invitation.id);

    const incoming = (await ichiro.client.get('/api/me/invitations')).body as {
      invitations: { id: string; from: { familyName: string } }[];
    };
    expect(incoming.invitations).toEqual([
      expect.objectContaining({
        id: invitation.id,
        status: 'pending',
        from: expect.objectContaining({ familyName: '山田' }) as unknown,
      }),
    ]);
    expect(await seesInFamily(ichiro.client, hanako.id)).toBe(false);

    expect((await ichiro.client.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(204);
    expect((await ichiro.client.post(`/api/me/invitations/${invitation.id}/accept`)).status).toBe(204);
    expect(await seesInFamily(ichiro.client, hanako.id)).toBe(true);
    expect(await seesInFamily(hanako.client, ichiro.id)).toBe(false);
    const outgoing = (await hanako.client.get('/api/me/designees')).body as { designees: Outgoing[] };
    expect(outgoing.designees[0]).toMatchObject({ status: 'accepted', designee: { residentId: ichiro.id } });

    // Ending the grant takes the access away.
    expect((await hanako.client.request('DELETE', `/api/me/designees/${invitation.id}`)).status).toBe(204);
    expect(await seesInFamily(ichiro.client, hanako.id)).toBe(false);
    expect((await ichiro.client.get(`/api/me/family/${hanako.id}`)).status).toBe(404);
  });

  it('tells the designee live when a grant starts and ends', async () => {
    const giver = await person('杉本', `葵${randomUUID().slice(0, 4)}`, ['スギモト', 'アオイ']);
    const taker = await person('森川', `蓮${randomUUID().slice(0, 4)}`, ['モリカワ', 'レン']);
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: taker.client.cookieHeader! },
      reconnection: false,
    });
    const lists: string[][] = [];
    const nextList = () =>
      new Promise<string[]>((resolve) =>
        socket.once('family:subscribed', ({ residentIds }: { residentIds: string[] }) => {
          lists.push(residentIds);
          resolve(residentIds);
        }),
      );
    try {
      await nextList();
      const invite = (
        await giver.client.post('/api/me/designees', {
          familyName: '森川',
          givenName: (
            await t.db.query<{ given_name: string }>('SELECT given_name FROM residents WHERE id = $1', [
              taker.id,
            ])
          ).rows[0]!.given_name,
          birthDate: taker.birthDate,
        })
      ).body as Outgoing;
      const granted = nextList();
      expect((await taker.client.post(`/api/me/invitations/${invite.id}/accept`)).status).toBe(204);
      expect(await granted).toContain(giver.id);
      const ended = nextList();
      expect((await giver.client.request('DELETE', `/api/me/designees/${invite.id}`)).status).toBe(204);
      expect(await ended).not.toContain(giver.id);
    } finally {
      socket.disconnect();
    }
  });

  it('answers the same whether or not the person exists, and a declined invitation looks pending', async () => {
    const inviter = await person('鈴木', '次郎', ['スズキ', 'ジロウ']);
    const invitee = await person('高橋', '三郎', ['タカハシ', 'サブロウ']);
    const nobody = await inviter.client.post('/api/me/designees', {
      familyName: '存在',
      givenName: 'しない',
      birthDate: '1901-01-01',
    });
    const someone = await inviter.client.post('/api/me/designees', {
      familyName: '高橋',
      givenName: '三郎',
      birthDate: invitee.birthDate,
    });
    expect(nobody.status).toBe(someone.status);
    const shape = (body: unknown) => {
      const {
        id: _id,
        invited: _invited,
        createdAt: _c,
        expiresAt: _e,
        ...rest
      } = body as Outgoing & { createdAt: string };
      return rest;
    };
    expect(shape(nobody.body)).toEqual(shape(someone.body));

    const invitationId = (someone.body as Outgoing).id;
    expect((await invitee.client.post(`/api/me/invitations/${invitationId}/decline`)).status).toBe(204);
    const list = (await inviter.client.get('/api/me/designees')).body as { designees: Outgoing[] };
    expect(list.designees.map((d) => d.status)).toEqual(['pending', 'pending']);
    expect(errorId(await invitee.client.post(`/api/me/invitations/${invitationId}/accept`))).toBe(
      'invitation_closed',
    );
  });

  it('answers a real person’s kanji and kana forms as it answers names that match no one', async () => {
    const inviter = await person('松本', '七郎', ['マツモト', 'シチロウ']);
    const invitee = await person('井上', '八郎', ['イノウエ', 'ハチロウ']);
    const invite = (familyName: string, givenName: string, birthDate: string) =>
      inviter.client.post('/api/me/designees', { familyName, givenName, birthDate });
    const realKanji = await invite('井上', '八郎', invitee.birthDate);
    const realKana = await invite('イノウエ', 'ハチロウ', invitee.birthDate);
    const nobodyKanji = await invite('存在', '無', '1902-02-02');
    const nobodyKana = await invite('ソンザイ', 'ナシ', '1902-02-02');
    const answers = [realKanji, realKana, nobodyKanji, nobodyKana];
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const ids = answers.map((a) => (a.body as Outgoing).id);
    expect(new Set(ids).size).toBe(4);
    for (const answer of answers) expect(answer.body).toMatchObject({ status: 'pending', designee: null });
    // Repeating the very same request (in another width) is still recognised as the same invitation.
    expect(((await invite('ｲﾉｳｴ', 'ﾊﾁﾛｳ', invitee.birthDate)).body as Outgoing).id).toBe(ids[1]);
    // The invitee gets one invitation from this person, not two.
    const incoming = (await invitee.client.get('/api/me/invitations')).body as {
      invitations: { id: string }[];
    };
    expect(incoming.invitations.map((i) => i.id)).toEqual([ids[0]]);
  });

  it('limits invitations per day, and withdrawing them does not give any back', async () => {
    const prober = await person('木村', '九郎', ['キムラ', 'クロウ']);
    for (let i = 0; i < INVITATIONS_PER_DAY; i += 1) {
      const sent = await prober.client.post('/api/me/designees', {
        familyName: '試行',
        givenName: `者${i}`,
        birthDate: '1960-06-06',
      });
      expect(sent.status).toBe(201);
      const id = (sent.body as Outgoing).id;
      expect((await prober.client.request('DELETE', `/api/me/designees/${id}`)).status).toBe(204);
    }
    const over = await prober.client.post('/api/me/designees', {
      familyName: '試行',
      givenName: '者0',
      birthDate: '1960-06-06',
    });
    expect(over.status).toBe(429);
    expect(errorId(over)).toBe('too_many_invitations');
  });

  it('refuses self-designation, other people’s and expired invitations, malformed ids, and more than ten', async () => {
    const me = await person('伊藤', '四郎', ['イトウ', 'シロウ']);
    const other = await person('渡辺', '五郎', ['ワタナベ', 'ゴロウ']);
    const stranger = await person('中村', '六郎', ['ナカムラ', 'ロクロウ']);
    expect(
      errorId(
        await me.client.post('/api/me/designees', {
          familyName: 'イトウ',
          givenName: 'シロウ',
          birthDate: me.birthDate,
        }),
      ),
    ).toBe('cannot_designate_self');
    expect(
      (await me.client.post('/api/me/designees', { familyName: '', givenName: 'x', birthDate: '2000-13-01' }))
        .status,
    ).toBe(400);

    const sent = (
      await me.client.post('/api/me/designees', {
        familyName: '渡辺',
        givenName: '五郎',
        birthDate: other.birthDate,
      })
    ).body as Outgoing;
    const notYours = await stranger.client.post(`/api/me/invitations/${sent.id}/accept`);
    const missing = await stranger.client.post(`/api/me/invitations/${randomUUID()}/accept`);
    expect(notYours.status).toBe(404);
    expect(notYours.body).toEqual(missing.body);
    expect((await stranger.client.post('/api/me/invitations/not-an-id/accept')).status).toBe(400);
    expect((await stranger.client.request('DELETE', `/api/me/designees/${sent.id}`)).status).toBe(404);

    await t.db.query(`UPDATE designations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      sent.id,
    ]);
    const expired = await other.client.post(`/api/me/invitations/${sent.id}/accept`);
    expect(expired.status).toBe(410);
    expect(errorId(expired)).toBe('invitation_expired');

    for (let i = 0; i < 10; i += 1) {
      const response = await me.client.post('/api/me/designees', {
        familyName: '架空',
        givenName: `人${i}`,
        birthDate: '1950-01-01',
      });
      expect(response.status).toBe(201);
    }
    const eleventh = await me.client.post('/api/me/designees', {
      familyName: '架空',
      givenName: '人10',
      birthDate: '1950-01-01',
    });
    expect(eleventh.status).toBe(409);
    expect(errorId(eleventh)).toBe('too_many_designees');
  });

  it('allows mutual designations as two grants and never passes access along a chain', async () => {
    const a = await person('小林', '七子', ['コバヤシ', 'ナナコ']);
    const b = await person('加藤', '八子', ['カトウ', 'ハチコ']);
    const c = await person('吉田', '九子', ['ヨシダ', 'キュウコ']);
    const designate = async (from: typeof a, to: typeof a, names: [string, string]) => {
      const sent = (
        await from.client.post('/api/me/designees', {
          familyName: names[0],
          givenName: names[1],
          birthDate: to.birthDate,
        })
      ).body as Outgoing;
      expect((await to.client.post(`/api/me/invitations/${sent.id}/accept`)).status).toBe(204);
    };
    await designate(a, b, ['加藤', '八子']);
    await designate(b, a, ['小林', '七子']);
    await designate(b, c, ['吉田', '九子']);
    expect(await seesInFamily(b.client, a.id)).toBe(true);
    expect(await seesInFamily(a.client, b.id)).toBe(true);
    expect(await seesInFamily(c.client, b.id)).toBe(true);
    expect(await seesInFamily(c.client, a.id)).toBe(false);
    expect((await c.client.get(`/api/me/family/${a.id}`)).status).toBe(404);
  });

  it('respects a person who shows their whereabouts to the household only', async () => {
    const subject = await buildResident(t.db, { municipality: town });
    const relative = await buildResident(t.db, { municipality: town, householdId: subject.householdId });
    const friend = await person('松本', '十子', ['マツモト', 'ジュウコ']);
    await t.db.query(
      `INSERT INTO designations (subject_resident_id, designee_resident_id, invited_family_name, invited_given_name, invited_birth_date, status, expires_at)
       VALUES ($1, $2, 'x', 'y', '2000-01-01', 'accepted', now())`,
      [subject.id, friend.id],
    );
    await t.db.query(`UPDATE residents SET whereabouts_visibility = 'household' WHERE id = $1`, [subject.id]);
    const relativeUser = await buildUser(t.db, { role: 'resident', residentId: relative.id });
    const relativeClient = t.client();
    await relativeClient.login(relativeUser.username, relativeUser.password);
    expect(await seesInFamily(relativeClient, subject.id)).toBe(true);
    expect(await seesInFamily(friend.client, subject.id)).toBe(false);
  });
});
