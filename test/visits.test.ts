import { randomInt, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import type { Position } from '../geo/src/geometry.js';
import type { VisitTaskEvent } from '../server/src/realtime/events.js';
import { upsertSupporterArea } from '../server/src/modules/visits/visits.queries.js';
import { VISIT_TASKS_OPEN_QUEUE } from '@contract/visits/visits.schema.js';
import { evacuationOrder } from './support/cap-alerts.js';
import {
  buildCard,
  buildMunicipalityWithBoundary,
  buildResidentsAt,
  buildShelterAt,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { registerReader, tapNow } from './support/readers.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Task {
  id: string;
  name: string;
  status: string;
  closedByEvent: string | null;
  address: string | null;
  needsCare: boolean;
  phone: string | null;
}

/**
 * Visits for the unreached, end to end over HTTP and sockets: who counts as unreached, the heat
 * map without personal data, idempotent opening (by hand and from the escalation's queue), area
 * scoping of community supporters, the access log, the route sheet, and tasks closing by
 * themselves on a card tap, a report and an answer.
 */
describe('visit tasks for people a warning did not reach', () => {
  let t: TestServer;
  const sockets: Socket[] = [];
  const O: Position = [150 + randomInt(1000) / 100, 20 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  const square = (x0: number, y0: number, x1: number, y1: number) => [
    [at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1), at(x0, y0)],
  ];
  let townA: string;
  let townB: string;
  const p: Record<'tapper' | 'careful' | 'reader' | 'answerer' | 'reported', string> = {} as never;
  let hq: HttpClient;
  let supporterA: { id: string; client: HttpClient };
  let supporterB: { id: string; client: HttpClient };
  let staff: { id: string; client: HttpClient };
  let answerer: HttpClient;
  let alertId: string;
  const hqEvents: VisitTaskEvent[] = [];
  const supporterAEvents: VisitTaskEvent[] = [];
  const tasks = new Map<string, string>();

  function open(cookie: string): Promise<Socket> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  async function signIn(
    role: Parameters<typeof buildUser>[1]['role'],
    extra: { residentId?: string; shelterIds?: string[] } = {},
  ) {
    const user = await buildUser(t.db, { role, ...extra });
    const client = t.client();
    await client.login(user.username, user.password);
    return { id: user.id, client };
  }

  const waitFor = async <T>(read: () => T | undefined | false, ms = 5_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = read();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const taskRow = async (residentId: string) =>
    (
      await t.db.query<{ status: string; closed_by_event: string | null; opened_via: string }>(
        `SELECT status, closed_by_event, opened_via FROM visit_tasks
          WHERE alert_id = $1 AND resident_id = $2 ORDER BY opened_at DESC LIMIT 1`,
        [alertId, residentId],
      )
    ).rows[0];

  const accessLog = async (residentId: string, action: string) =>
    (
      await t.db.query<{ viewer_user_id: string; via: string }>(
        'SELECT viewer_user_id, via FROM access_log WHERE subject_resident_id = $1 AND action = $2',
        [residentId, action],
      )
    ).rows;

  beforeAll(async () => {
    t = await startTestServer();
    townA = await buildMunicipalityWithBoundary(t.db, {
      type: 'MultiPolygon',
      coordinates: [square(0, 0, 0.1, 0.1)],
    });
    townB = await buildMunicipalityWithBoundary(t.db, {
      type: 'MultiPolygon',
      coordinates: [square(0.1, 0, 0.2, 0.1)],
    });
    [p.tapper, p.careful, p.reader, p.answerer, p.reported] = (await buildResidentsAt(t.db, [
      at(0.02, 0.02),
      at(0.05, 0.05),
      at(0.03, 0.03),
      at(0.15, 0.02),
      at(0.06, 0.06),
    ])) as [string, string, string, string, string];
    await t.db.query(
      `UPDATE residents SET home_municipality_code = CASE WHEN id = $2 THEN $3 ELSE $1 END,
                            home_address = '試験県試験市1-2-3',
                            care_needs = CASE WHEN id = $4 THEN ARRAY['elderly'] ELSE '{}' END
        WHERE id = ANY ($5::uuid[])`,
      [townA, p.answerer, townB, p.careful, Object.values(p)],
    );
    await t.db.query(
      `INSERT INTO contact_points (resident_id, channel, address, verified_at, consent_at, consent_version)
       VALUES ($1, 'sms', '+819012345678', now(), now(), '2026-12-v1')`,
      [p.careful],
    );

    hq = (await signIn('hq_operator')).client;
    const hqSocket = await open(hq.cookieHeader!);
    hqSocket.on('visit:task', (event: VisitTaskEvent) => hqEvents.push(event));
    supporterA = await signIn('community_supporter');
    await upsertSupporterArea(t.db, {
      userId: supporterA.id,
      municipalityCodes: [townA],
      districtGeoJson: null,
    });
    const socketA = await open(supporterA.client.cookieHeader!);
    socketA.on('visit:task', (event: VisitTaskEvent) => supporterAEvents.push(event));
    supporterB = await signIn('community_supporter');
    await upsertSupporterArea(t.db, {
      userId: supporterB.id,
      municipalityCodes: [],
      districtGeoJson: JSON.stringify({ type: 'Polygon', coordinates: square(0.12, 0, 0.2, 0.05) }),
    });
    staff = await signIn('shelter_staff');
    answerer = (await signIn('resident', { residentId: p.answerer })).client;
    const readerAccount = (await signIn('resident', { residentId: p.reader })).client;

    const polygon = formatCapPolygon(square(0.01, 0.01, 0.19, 0.09)[0]!);
    const issued = await hq.post('/api/alerts', evacuationOrder(polygon));
    expect(issued).toMatchObject({ status: 201, body: { targeted: 5 } });
    alertId = (issued.body as { alert: { id: string } }).alert.id;
    const inbox = await readerAccount.get('/api/me/inbox');
    const position = (inbox.body as { entries: { position: number }[] }).entries[0]!.position;
    expect((await readerAccount.post(`/api/me/inbox/${position}/read`)).status).toBe(200);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('lists the unreached (no delivery, read or answer), those needing care first, and logs the read', async () => {
    const { status, body } = await hq.get(`/api/alerts/${alertId}/unreached`);
    expect(status).toBe(200);
    const list = body as {
      total: number;
      people: { residentId: string; needsCare: boolean; task: unknown }[];
    };
    expect(list.total).toBe(4);
    expect(list.people.map((person) => person.residentId).sort()).toEqual(
      [p.tapper, p.careful, p.answerer, p.reported].sort(),
    );
    expect(list.people[0]).toMatchObject({ residentId: p.careful, needsCare: true, task: null });
    expect(await accessLog(p.careful, 'list_unreached')).toHaveLength(1);
    expect(await accessLog(p.reader, 'list_unreached')).toHaveLength(0);
    // Waiting longer than the warning is old: nobody yet.
    expect((await hq.get(`/api/alerts/${alertId}/unreached?waitedMinutes=60`)).body).toMatchObject({
      total: 0,
    });
  });

  it('maps the unreached as counts per grid cell, with no personal data', async () => {
    const { status, body } = await hq.get(`/api/alerts/${alertId}/unreached/heat?cellMeters=500`);
    expect(status).toBe(200);
    const heat = body as { type: string; total: number; features: { properties: { people: number } }[] };
    expect(heat.type).toBe('FeatureCollection');
    expect(heat.total).toBe(4);
    expect(heat.features.reduce((sum, f) => sum + f.properties.people, 0)).toBe(4);
    const text = JSON.stringify(body);
    for (const id of Object.values(p)) expect(text).not.toContain(id);
    expect(text).not.toContain('試験');
  });

  it('refuses the unreached and the tasks of a warning to anyone but HQ', async () => {
    for (const client of [supporterA.client, staff.client, answerer]) {
      expect((await client.get(`/api/alerts/${alertId}/unreached`)).status).toBe(403);
      expect(
        (await client.post(`/api/alerts/${alertId}/visit-tasks`, { residentIds: [p.tapper] })).status,
      ).toBe(403);
    }
  });

  it('opens one task per person, idempotently, only for people the warning targeted', async () => {
    const selection = [p.tapper, p.careful, p.answerer, p.reported, randomUUID()];
    const first = await hq.post(`/api/alerts/${alertId}/visit-tasks`, { residentIds: selection });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ alreadyOpen: 0, accountedFor: 0, notTargeted: 1 });
    expect((first.body as { opened: string[] }).opened).toHaveLength(4);
    const again = await hq.post(`/api/alerts/${alertId}/visit-tasks`, { residentIds: selection });
    expect(again.body).toMatchObject({ opened: [], alreadyOpen: 4, notTargeted: 1 });
    await waitFor(() => hqEvents.filter((e) => e.alertId === alertId && e.status === 'open').length === 4);
    const { rows } = await t.db.query<{ id: string; resident_id: string }>(
      'SELECT id, resident_id FROM visit_tasks WHERE alert_id = $1',
      [alertId],
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) tasks.set(row.resident_id, row.id);
    const listed = (await hq.get(`/api/alerts/${alertId}/unreached`)).body as {
      people: { residentId: string; task: { status: string } | null }[];
    };
    expect(listed.people.every((person) => person.task?.status === 'open')).toBe(true);
  });

  it('opens tasks from the escalation queue once, however often the job arrives', async () => {
    const job = { alertId, residentIds: [p.reader] };
    await t.server.jobs.boss.insert([
      { name: VISIT_TASKS_OPEN_QUEUE, data: job },
      { name: VISIT_TASKS_OPEN_QUEUE, data: job },
      { name: VISIT_TASKS_OPEN_QUEUE, data: { alertId: 'not-a-uuid' } },
    ]);
    await t.server.jobs.boss.send(VISIT_TASKS_OPEN_QUEUE, job);
    await waitFor(() =>
      hqEvents.some((e) => e.alertId === alertId && !tasks.has(e.taskId) && e.status === 'open'),
    );
    // Give the remaining jobs time to run: they must find the task open and add nothing.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { rows } = await t.db.query<{ opened_via: string }>(
      'SELECT opened_via FROM visit_tasks WHERE alert_id = $1 AND resident_id = $2',
      [alertId, p.reader],
    );
    expect(rows).toEqual([{ opened_via: 'escalation' }]);
    await t.db.query(
      "UPDATE visit_tasks SET status = 'cancelled', closed_at = now(), closed_by_event = 'staff' WHERE resident_id = $1",
      [p.reader],
    );
  });

  it('assigns a supporter only tasks in their area (municipality or drawn district)', async () => {
    const outside = await hq.post('/api/visit-tasks/assign', {
      taskIds: [tasks.get(p.tapper), tasks.get(p.answerer)],
      assigneeId: supporterA.id,
    });
    expect(outside).toMatchObject({ status: 409, body: { error: { id: 'visit_outside_area' } } });
    expect((await taskRow(p.tapper))?.status).toBe('open');
    const inA = await hq.post('/api/visit-tasks/assign', {
      taskIds: [tasks.get(p.tapper), tasks.get(p.careful), tasks.get(p.reported)],
      assigneeId: supporterA.id,
    });
    expect(inA).toMatchObject({ status: 200, body: { assigned: 3 } });
    const inB = await hq.post('/api/visit-tasks/assign', {
      taskIds: [tasks.get(p.answerer)],
      assigneeId: supporterB.id,
    });
    expect(inB).toMatchObject({ status: 200, body: { assigned: 1 } });
    const resident = await hq.post('/api/visit-tasks/assign', {
      taskIds: [tasks.get(p.answerer)],
      assigneeId: (await buildUser(t.db, { role: 'admin' })).id,
    });
    expect(resident).toMatchObject({ status: 400, body: { error: { id: 'visit_assignee_invalid' } } });
    await waitFor(() => supporterAEvents.filter((e) => e.status === 'assigned').length === 3);
  });

  it('shows each supporter only their own tasks in their area, with only what a visit needs', async () => {
    const mine = (await supporterA.client.get('/api/me/visit-tasks')).body as { tasks: Task[] };
    expect(mine.tasks.map((task) => task.id).sort()).toEqual(
      [tasks.get(p.tapper), tasks.get(p.careful), tasks.get(p.reported)].sort(),
    );
    const careful = mine.tasks.find((task) => task.id === tasks.get(p.careful))!;
    expect(careful).toMatchObject({ address: '試験県試験市1-2-3', needsCare: true, phone: '+819012345678' });
    expect(Object.keys(careful)).not.toContain('birthDate');
    expect(await accessLog(p.careful, 'view_visit_task')).toEqual([
      { viewer_user_id: supporterA.id, via: 'GET /api/me/visit-tasks' },
    ]);
    const theirs = (await supporterB.client.get('/api/me/visit-tasks')).body as { tasks: Task[] };
    expect(theirs.tasks.map((task) => task.id)).toEqual([tasks.get(p.answerer)]);

    // A supporter whose area no longer covers a task stops seeing it, even though it is theirs.
    await upsertSupporterArea(t.db, {
      userId: supporterA.id,
      municipalityCodes: [townB],
      districtGeoJson: null,
    });
    expect(((await supporterA.client.get('/api/me/visit-tasks')).body as { tasks: Task[] }).tasks).toEqual(
      [],
    );
    const refused = await supporterA.client.post(`/api/visit-tasks/${tasks.get(p.careful)}/outcome`, {
      outcome: 'safe',
    });
    expect(refused.status).toBe(404);
    await upsertSupporterArea(t.db, {
      userId: supporterA.id,
      municipalityCodes: [townA],
      districtGeoJson: null,
    });

    // Nor can they act on another supporter's task, or reach HQ's lists.
    const other = await supporterA.client.post(`/api/visit-tasks/${tasks.get(p.answerer)}/outcome`, {
      outcome: 'safe',
    });
    expect(other.status).toBe(404);
    expect((await supporterA.client.get(`/api/alerts/${alertId}/visit-tasks`)).status).toBe(403);
    expect((await answerer.get('/api/me/visit-tasks')).status).toBe(403);
  });

  it('prints the route list in nearest-neighbour order from the start point', async () => {
    const start = at(0.061, 0.061);
    const res = await fetch(`${t.url}/api/me/visit-tasks/route.pdf?lat=${start[1]}&lon=${start[0]}`, {
      headers: { cookie: supporterA.client.cookieHeader! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text).toContain('訪問ルート表');
    // From next to `reported` (0.06): reported, then careful (0.05), then tapper (0.02).
    const names = await t.db.query<{ id: string; given_name: string }>(
      'SELECT id, given_name FROM residents WHERE id = ANY ($1::uuid[])',
      [[p.reported, p.careful, p.tapper]],
    );
    const nameOf = new Map(names.rows.map((row) => [row.id, row.given_name]));
    const positions = [p.reported, p.careful, p.tapper].map((id) => text.indexOf(nameOf.get(id)!));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await accessLog(p.tapper, 'print_visit_route')).toHaveLength(1);
  });

  it('closes a task by itself when the person taps their card at a shelter, and tells HQ and the assignee', async () => {
    const shelterId = await buildShelterAt(t.db, { municipalityCode: townA, at: at(0.04, 0.04) });
    await t.db.query('INSERT INTO staff_shelters (user_id, shelter_id) VALUES ($1, $2)', [
      staff.id,
      shelterId,
    ]);
    const staffClient = (await signIn('shelter_staff', { shelterIds: [shelterId] })).client;
    const { deviceKey } = await registerReader(staffClient, shelterId);
    const uid = randomCardUid();
    await buildCard(t.db, { residentId: p.tapper, token: t.server.checkins.tokenFor(uid) });
    const reader = connect(`${t.url}/readers`, {
      transports: ['websocket'],
      auth: { deviceKey },
      reconnection: false,
    });
    sockets.push(reader);
    await new Promise((resolve) => reader.once('reader:config', resolve));
    expect(await tapNow(reader, uid)).toMatchObject({ outcome: 'checked_in' });
    expect(await taskRow(p.tapper)).toMatchObject({
      status: 'closed_automatically',
      closed_by_event: 'card_tap',
    });
    const closed = (e: VisitTaskEvent) =>
      e.taskId === tasks.get(p.tapper) && e.status === 'closed_automatically';
    await waitFor(() => hqEvents.find(closed));
    expect(await waitFor(() => supporterAEvents.find(closed))).toMatchObject({ closedByEvent: 'card_tap' });
    // A second tap finds no open task and changes nothing.
    expect(await tapNow(reader, uid)).toMatchObject({ outcome: 'checked_out' });
  });

  it('closes a task by itself on a report of the person’s whereabouts', async () => {
    const report = await hq.post(`/api/people/${p.reported}/report`, {
      safety: 'safe',
      purpose: 'Visit list',
    });
    expect(report.status).toBe(200);
    expect(await taskRow(p.reported)).toMatchObject({
      status: 'closed_automatically',
      closed_by_event: 'report',
    });
    await waitFor(() =>
      supporterAEvents.find((e) => e.taskId === tasks.get(p.reported) && e.closedByEvent === 'report'),
    );
  });

  it('closes a task by itself when the person answers the warning', async () => {
    const inbox = await answerer.get('/api/me/inbox');
    const position = (inbox.body as { entries: { position: number }[] }).entries[0]!.position;
    expect((await answerer.post(`/api/me/inbox/${position}/respond`, { response: 'safe' })).status).toBe(200);
    expect(await taskRow(p.answerer)).toMatchObject({
      status: 'closed_automatically',
      closed_by_event: 'response',
    });
    await waitFor(() =>
      hqEvents.find((e) => e.taskId === tasks.get(p.answerer) && e.closedByEvent === 'response'),
    );
  });

  it('records what a visit found; a closed task takes no second outcome', async () => {
    const id = tasks.get(p.careful)!;
    const done = await supporterA.client.post(`/api/visit-tasks/${id}/outcome`, {
      outcome: 'needs_help',
      note: '薬が切れそう',
    });
    expect(done.status).toBe(200);
    expect(await taskRow(p.careful)).toMatchObject({ status: 'done', closed_by_event: 'staff' });
    const again = await supporterA.client.post(`/api/visit-tasks/${id}/outcome`, { outcome: 'safe' });
    expect(again).toMatchObject({ status: 409, body: { error: { id: 'visit_task_closed' } } });
    const listed = (await hq.get(`/api/alerts/${alertId}/visit-tasks`)).body as {
      tasks: {
        id: string;
        outcome: string | null;
        outcomeNote: string | null;
        closedByEvent: string | null;
      }[];
    };
    expect(listed.tasks.find((task) => task.id === id)).toMatchObject({
      outcome: 'needs_help',
      outcomeNote: '薬が切れそう',
      closedByEvent: 'staff',
    });
    expect(listed.tasks.find((task) => task.id === tasks.get(p.tapper))).toMatchObject({
      closedByEvent: 'card_tap',
    });
  });
});
