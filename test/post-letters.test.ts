import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostBatchEvent } from '../server/src/realtime/events.js';
import { POST_CSV_HEADER } from '../server/src/modules/post/post-letter.js';
import { PostWorker } from '../server/src/modules/post/post.worker.js';
import { buildAlertRow } from './support/cap-alerts.js';
import { buildMunicipality, buildResident, buildUser, type BuiltMunicipality } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Batch {
  id: string;
  status: string;
  existing: boolean;
  additional: boolean;
  lettersTotal: number;
  lettersDone: number;
  people: { total: number; noAccount: number; accountWithoutPush: number; withoutAddress: number };
}

const waitFor = async <T>(read: () => T | undefined | false, ms = 15_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** The CSV's rows as objects (the writer quotes every field). */
function csvRows(csv: Buffer): { header: string[]; rows: Record<string, string>[] } {
  const text = csv.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).trimEnd().split('\r\n');
  const parse = (line: string) =>
    line
      .slice(1, -1)
      .split('","')
      .map((v) => v.replaceAll('""', '"'));
  const header = parse(lines[0]!);
  return {
    header,
    rows: lines.slice(1).map((line) => Object.fromEntries(parse(line).map((v, i) => [header[i]!, v]))),
  };
}

async function nameOf(t: TestServer, residentId: string): Promise<string> {
  const { rows } = await t.db.query<{ name: string }>(
    `SELECT family_name || ' ' || given_name AS name FROM residents WHERE id = $1`,
    [residentId],
  );
  return rows[0]!.name;
}

/** A person with neither household nor (optionally) address, as the registry allows. */
async function loner(t: TestServer, town: BuiltMunicipality, address: string | null): Promise<string> {
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO residents (family_name, given_name, birth_date, sex, home_address, home_municipality_code)
     VALUES ('独居', $1, '1950-02-02', 'female', $2, $3) RETURNING id`,
    [`花子${Math.random().toString(36).slice(2, 8)}`, address, town.code],
  );
  return rows[0]!.id;
}

/** The warning's inbox entries, as its send writes them; `read` people have opened it. */
async function sendTo(t: TestServer, residentIds: string[], read: string[] = []) {
  const alert = await buildAlertRow(t.db);
  await t.db.query(
    `INSERT INTO inbox_items (resident_id, kind, alert_id, lineage_id, action, read_at)
     SELECT r, 'alert', $2, $3, 'alert', CASE WHEN r = ANY ($4::uuid[]) THEN now() END
       FROM unnest($1::uuid[]) AS r`,
    [residentIds, alert.id, alert.lineageId, read],
  );
  return alert.id;
}

async function addContact(
  t: TestServer,
  residentId: string,
  channel: 'email' | 'sms',
  state: 'usable' | 'unverified' | 'withdrawn',
) {
  await t.db.query(
    `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version, withdrawn_at)
     VALUES ($1, $2, $3, CASE WHEN $4 <> 'unverified' THEN now() END, now(), '2026-12-v1', CASE WHEN $4 = 'withdrawn' THEN now() END)`,
    [residentId, channel, channel === 'email' ? 'someone@example.com' : '+819011112222', state],
  );
}

async function addPush(t: TestServer, residentId: string) {
  const user = await buildUser(t.db, { role: 'resident', residentId });
  await t.db.query(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
     VALUES ($1, $2, repeat('B', 87), repeat('a', 22))`,
    [user.id, `https://push.example/${user.id}`],
  );
}

describe('letters by post for people no channel reaches', () => {
  let t: TestServer;
  let hq: HttpClient;
  let socket: Socket;
  let lettersDir: string;
  const events: PostBatchEvent[] = [];

  beforeAll(async () => {
    lettersDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-post-'));
    t = await startTestServer({
      POST_LETTERS_CHUNK: '2',
      POST_LETTERS_DIR: lettersDir,
      PUBLIC_BASE_URL: 'https://hinan.example.jp',
    });
    hq = await signIn(t, { role: 'hq_operator' });
    socket = connect(t.url, { transports: ['websocket'], extraHeaders: { cookie: hq.cookieHeader! } });
    socket.on('post:letters', (event: PostBatchEvent) => events.push(event));
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  async function download(batchId: string, file: 'pdf' | 'csv'): Promise<Buffer> {
    const response = await fetch(`${t.url}/api/post/batches/${batchId}/files/${file}`, {
      headers: { cookie: hq.cookieHeader! },
    });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  const downloadsOf = async (residentId: string) =>
    (
      await t.db.query(
        `SELECT 1 FROM access_log WHERE subject_resident_id = $1 AND action = 'post_letter_downloaded'`,
        [residentId],
      )
    ).rows.length;

  it('writes one letter per household to everyone without a channel, and reads back as printed', async () => {
    const town = await buildMunicipality(t.db);
    // Household 1: the head has no account; the spouse a verified e-mail (reached); a child.
    const head1 = await buildResident(t.db, { municipality: town, birthDate: '1970-01-01' });
    const spouse1 = await buildResident(t.db, {
      municipality: town,
      householdId: head1.householdId,
      birthDate: '1972-01-01',
    });
    const child1 = await buildResident(t.db, {
      municipality: town,
      householdId: head1.householdId,
      birthDate: '2015-01-01',
    });
    await t.db.query(
      `UPDATE residents SET relationship = CASE WHEN id = $1 THEN 'spouse' ELSE 'child' END WHERE id = ANY ($2::uuid[])`,
      [spouse1.id, [spouse1.id, child1.id]],
    );
    await addContact(t, spouse1.id, 'email', 'usable');
    // Household 2: push on their account: reached, no letter.
    const pushed = await buildResident(t.db, { municipality: town });
    await addPush(t, pushed.id);
    // Household 3: an unverified e-mail and a withdrawn SMS are no channel.
    const unverified = await buildResident(t.db, { municipality: town, birthDate: '1960-01-01' });
    const withdrawn = await buildResident(t.db, {
      municipality: town,
      householdId: unverified.householdId,
      birthDate: '1961-01-01',
    });
    await addContact(t, unverified.id, 'email', 'unverified');
    await addContact(t, withdrawn.id, 'sms', 'withdrawn');
    // Household 4: accounts without push; the head read it in the portal already.
    const reader = await buildResident(t.db, { municipality: town, birthDate: '1950-01-01' });
    const portalOnly = await buildResident(t.db, { municipality: town, householdId: reader.householdId });
    await t.db.query(`UPDATE residents SET relationship = 'spouse' WHERE id = $1`, [portalOnly.id]);
    await buildUser(t.db, { role: 'resident', residentId: portalOnly.id });
    await buildUser(t.db, { role: 'resident', residentId: reader.id });
    // Alone, with an address that starts with a postal code; alone without any address.
    const alone = await loner(t, town, '〒920-0001 テスト県テスト市2-2');
    const nowhere = await loner(t, town, null);
    const everyone = [
      head1.id,
      spouse1.id,
      child1.id,
      pushed.id,
      unverified.id,
      withdrawn.id,
      portalOnly.id,
      reader.id,
      alone,
      nowhere,
    ];
    const alertId = await sendTo(t, everyone, [reader.id]);

    const reach = await hq.get(`/api/post/reach?alertId=${alertId}`);
    expect(reach.status).toBe(200);
    expect(reach.body).toEqual({
      alertId,
      noticeId: null,
      targeted: 10,
      withChannel: 2,
      noAccount: 6,
      accountWithoutPush: 1,
      readAlready: 1,
      unreadWithChannel: 0,
      people: 6,
      letters: 4,
      withoutAddress: 1,
    });
    // With the flag, the two with a channel who have not read it are written to as well.
    const unread = await hq.get(`/api/post/reach?alertId=${alertId}&unreadAfterMinutes=0`);
    expect(unread.body).toMatchObject({ unreadWithChannel: 2, people: 8, letters: 5 });

    events.length = 0;
    const created = await hq.post('/api/post/batches', { alertId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const batch = created.body as Batch;
    expect(batch).toMatchObject({ status: 'pending', existing: false, lettersTotal: 4 });
    expect(batch.people).toMatchObject({ total: 6, noAccount: 6, accountWithoutPush: 1, withoutAddress: 1 });

    // Progress reaches HQ live, chunk by chunk (two letters a chunk), then done.
    const done = await waitFor(() => events.find((e) => e.id === batch.id && e.status === 'done'));
    const progress = events.filter((e) => e.id === batch.id).map((e) => `${e.status}:${e.lettersDone}`);
    expect(progress).toEqual(['pending:0', 'running:2', 'running:4', 'done:4']);
    expect(done.files!.pdfBytes).toBeGreaterThan(1000);

    const { header, rows } = csvRows(await download(batch.id, 'csv'));
    expect(header).toEqual(POST_CSV_HEADER);
    expect(rows.map((row) => row.reference).sort()).toEqual(
      [head1.householdId, unverified.householdId, reader.householdId, alone].sort(),
    );
    const byReference = new Map(rows.map((row) => [row.reference, row]));
    const headName = await nameOf(t, head1.id);
    const childName = await nameOf(t, child1.id);
    const spouseName = await nameOf(t, spouse1.id);
    expect(byReference.get(head1.householdId)).toMatchObject({
      letter_kind: 'household',
      addressee: headName,
      recipient_count: '2',
      recipient_names: `${headName} / ${childName}`,
      municipality_code: town.code,
      address: 'テスト県テスト市1-1',
      source_kind: 'alert',
      source_id: alertId,
      headline: '避難指示 発令',
    });
    expect(byReference.get(alone)).toMatchObject({
      letter_kind: 'person',
      postal_code: '920-0001',
      address: 'テスト県テスト市2-2',
      recipient_count: '1',
    });
    expect(rows.map((row) => row.letter_no)).toEqual(['1', '2', '3', '4']);

    const pdf = await getDocumentProxy(new Uint8Array(await download(batch.id, 'pdf')));
    const { text: pages } = await extractText(pdf, { mergePages: false });
    expect(pages).toHaveLength(4);
    const household1 = pages.find((page) => page.includes(childName))!;
    for (const expected of [
      '警報・避難情報のお知らせ',
      `${headName} 様方`,
      '避難指示 発令',
      'テスト地区',
      '直ちに避難してください。',
      'Evacuation order issued',
      'Evacuate now.',
      'https://hinan.example.jp/#/resident',
    ]) {
      expect(household1.replace(/\s+/g, ' ')).toContain(expected);
    }
    expect(household1).not.toContain(spouseName);
    const everyPage = pages.join('\n');
    for (const id of [pushed.id, reader.id, nowhere]) expect(everyPage).not.toContain(await nameOf(t, id));

    // Each download is in the access log of everyone named in the files, and of no one else.
    for (const id of [head1.id, child1.id, unverified.id, withdrawn.id, portalOnly.id, alone]) {
      expect(await downloadsOf(id)).toBe(2);
    }
    for (const id of [spouse1.id, pushed.id, reader.id, nowhere]) expect(await downloadsOf(id)).toBe(0);
  });

  it('makes one batch per warning unless confirmed; cancelling deletes the files', async () => {
    const town = await buildMunicipality(t.db);
    const home = await buildResident(t.db, { municipality: town });
    const alertId = await sendTo(t, [home.id]);
    const first = (await hq.post('/api/post/batches', { alertId })).body as Batch;
    const again = await hq.post('/api/post/batches', { alertId, unreadAfterMinutes: 5 });
    expect(again.body).toMatchObject({ id: first.id, existing: true });
    await waitFor(() => events.find((e) => e.id === first.id && e.status === 'done'));
    expect((await hq.post('/api/post/batches', { alertId })).body).toMatchObject({
      id: first.id,
      existing: true,
      status: 'done',
    });

    const another = (await hq.post('/api/post/batches', { alertId, confirm: true })).body as Batch;
    expect(another).toMatchObject({ existing: false, additional: true });
    expect(another.id).not.toBe(first.id);
    await waitFor(() => events.find((e) => e.id === another.id && e.status === 'done'));
    const dir = path.join(lettersDir, another.id);
    expect(existsSync(path.join(dir, 'letters.pdf'))).toBe(true);

    const cancelled = await hq.post(`/api/post/batches/${another.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', files: null });
    expect(existsSync(dir)).toBe(false);
    const twice = await hq.post(`/api/post/batches/${another.id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: { id: 'post_letters_not_cancellable' } });
    const gone = await hq.get(`/api/post/batches/${another.id}/files/pdf`);
    expect(gone.status).toBe(409);
    expect(gone.body).toMatchObject({ error: { id: 'post_letters_not_ready' } });

    const list = await hq.get(`/api/post/batches?alertId=${alertId}`);
    expect((list.body as { batches: Batch[] }).batches.map((b) => b.id)).toEqual([another.id, first.id]);

    // Everyone reached: nothing to print.
    const reachedHome = await buildResident(t.db, { municipality: town });
    await addContact(t, reachedHome.id, 'sms', 'usable');
    const empty = await hq.post('/api/post/batches', { alertId: await sendTo(t, [reachedHome.id]) });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ error: { id: 'post_letters_empty' } });
  });

  it('refuses every role but HQ and administrators, and names the missing source', async () => {
    const town = await buildMunicipality(t.db);
    const resident = await buildResident(t.db, { municipality: town });
    const alertId = await sendTo(t, [resident.id]);
    const admin = await signIn(t, { role: 'admin' });
    expect((await admin.get(`/api/post/reach?alertId=${alertId}`)).status).toBe(200);
    for (const client of [
      await signIn(t, { role: 'shelter_staff' }),
      await signIn(t, { role: 'resident', residentId: resident.id }),
    ]) {
      expect((await client.post('/api/post/batches', { alertId })).status).toBe(403);
      expect((await client.get(`/api/post/reach?alertId=${alertId}`)).status).toBe(403);
    }
    expect((await t.client().get(`/api/post/reach?alertId=${alertId}`)).status).toBe(401);
    const both = await hq.get(`/api/post/reach?alertId=${alertId}&noticeId=${alertId}`);
    expect(both.status).toBe(400);
    const missing = await hq.post('/api/post/batches', { noticeId: alertId });
    expect(missing.status).toBe(404);
  });
});

describe('letters by post: a node stopping mid-batch', () => {
  let first: TestServer;
  let second: TestServer | undefined;
  let lettersDir: string;

  beforeAll(async () => {
    lettersDir = await mkdtemp(path.join(os.tmpdir(), 'hinan-post-'));
    first = await startTestServer({
      POST_LETTERS_CHUNK: '2',
      POST_LETTERS_WATCH_SECONDS: '1',
      POST_LETTERS_DIR: lettersDir,
    });
    // This node only makes batches: the one that crashes is driven by hand below.
    await first.server.jobs.stop();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('is taken over by another node once its lease runs out, continuing without duplicates', async () => {
    const town = await buildMunicipality(first.db);
    const homes = [];
    for (let i = 0; i < 5; i += 1) homes.push(await buildResident(first.db, { municipality: town }));
    const alertId = await sendTo(
      first,
      homes.map((home) => home.id),
    );
    const hq = await signIn(first, { role: 'hq_operator' });
    const batch = (await hq.post('/api/post/batches', { alertId })).body as Batch;
    expect(batch.lettersTotal).toBe(5);

    const crashing = new PostWorker(
      first.db,
      undefined,
      pino({ level: 'silent' }),
      {
        lettersDir,
        portalBase: first.url,
        chunkSize: 2,
        leaseSeconds: 120,
        maxAttempts: 5,
        node: 'node-that-dies',
      },
      {
        afterChunk: (_id, lettersDone) => {
          if (lettersDone >= 2) throw new Error('node stopped');
        },
      },
    );
    await expect(crashing.runBatch(batch.id)).rejects.toThrow('node stopped');
    expect((await hq.get(`/api/post/batches/${batch.id}`)).body).toMatchObject({
      status: 'running',
      lettersDone: 2,
    });

    // Another node (same files, same job engine): its render job finds the batch held, and its
    // watchdog queues the batch again once the dead node's lease has run out.
    second = await startTestServer(
      { POST_LETTERS_CHUNK: '2', POST_LETTERS_WATCH_SECONDS: '1', POST_LETTERS_DIR: lettersDir },
      { db: first.db },
    );
    const hq2 = await signIn(second, { role: 'hq_operator' });
    const events: PostBatchEvent[] = [];
    const socket = connect(second.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: hq2.cookieHeader! },
    });
    socket.on('post:letters', (event: PostBatchEvent) => events.push(event));
    await new Promise((resolve) => socket.once('connect', () => resolve(undefined)));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await hq.get(`/api/post/batches/${batch.id}`)).body).toMatchObject({
      status: 'running',
      lettersDone: 2,
    });
    await first.db.query(`UPDATE post_batches SET lease_until = now() - interval '1 second' WHERE id = $1`, [
      batch.id,
    ]);
    await waitFor(() => events.find((e) => e.id === batch.id && e.status === 'done'), 20_000);
    socket.close();
    // It went on from the third letter: the chunks before the stop were not redone.
    expect(events.filter((e) => e.id === batch.id).map((e) => `${e.status}:${e.lettersDone}`)).toEqual([
      'running:4',
      'running:5',
      'done:5',
    ]);

    const response = await fetch(`${second.url}/api/post/batches/${batch.id}/files/csv`, {
      headers: { cookie: hq2.cookieHeader! },
    });
    const { rows } = csvRows(Buffer.from(await response.arrayBuffer()));
    expect(rows.map((row) => row.reference).sort()).toEqual(homes.map((home) => home.householdId).sort());
    expect(rows.map((row) => row.letter_no)).toEqual(['1', '2', '3', '4', '5']);
    const pdfResponse = await fetch(`${second.url}/api/post/batches/${batch.id}/files/pdf`, {
      headers: { cookie: hq2.cookieHeader! },
    });
    const pdf = await getDocumentProxy(new Uint8Array(await pdfResponse.arrayBuffer()));
    expect(pdf.numPages).toBe(5);
  }, 60_000);
});
