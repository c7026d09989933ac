import { randomInt, randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCapPolygon } from '../geo/src/cap/cap.area.js';
import { evacuationOrder } from './support/cap-alerts.js';
import type { Position } from '../geo/src/geometry.js';
import type {
  AlertNeedHelpEvent,
  AlertStatsEvent,
  InboxAck,
  InboxNewEvent,
} from '../server/src/realtime/events.js';
import { buildMunicipalityWithBoundary, buildResidentsAt, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

interface Person {
  residentId: string;
  client: HttpClient;
  socket?: Socket;
  received: InboxNewEvent[];
}

describe('alert delivery, receipts and responses', () => {
  let t: TestServer;
  let hq: HttpClient;
  let hqSocket: Socket;
  const sockets: Socket[] = [];
  const O: Position = [160 + randomInt(1000) / 100, 40 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  const box = (x0: number, y0: number, x1: number, y1: number) =>
    formatCapPolygon([at(x0, y0), at(x1, y0), at(x1, y1), at(x0, y1)]);
  const people: Record<'inside' | 'offline' | 'outside', Person> = {} as never;
  let noAccount: string;
  const hqStats: AlertStatsEvent[] = [];
  const pins: AlertNeedHelpEvent[] = [];

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

  async function person(home: Position, language = 'ja'): Promise<Person> {
    const [residentId] = await buildResidentsAt(t.db, [home]);
    await t.db.query('UPDATE residents SET language = $2 WHERE id = $1', [residentId, language]);
    const user = await buildUser(t.db, { role: 'resident', residentId });
    const client = t.client();
    await client.login(user.username, user.password);
    return { residentId: residentId!, client, received: [] };
  }

  async function online(p: Person): Promise<void> {
    p.socket = await open(p.client.cookieHeader!);
    p.socket.on('inbox:new', (event: InboxNewEvent) => p.received.push(event));
  }

  const waitFor = async <T>(read: () => T | undefined, ms = 3000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const value = read();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const capAlert = (over: Record<string, unknown>, polygon: string) => evacuationOrder(polygon, { over });
  const reference = (a: { identifier: string; sent: string }) => `hq@test.example,${a.identifier},${a.sent}`;

  beforeAll(async () => {
    t = await startTestServer();
    await buildMunicipalityWithBoundary(t.db, {
      type: 'MultiPolygon',
      coordinates: [[[at(0, 0), at(0.1, 0), at(0.1, 0.1), at(0, 0.1), at(0, 0)]]],
    });
    const hqUser = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(hqUser.username, hqUser.password);
    hqSocket = await open(hq.cookieHeader!);
    hqSocket.on('alert:stats', (e: AlertStatsEvent) => hqStats.push(e));
    hqSocket.on('alert:need-help', (e: AlertNeedHelpEvent) => pins.push(e));
    people.inside = await person(at(0.02, 0.02), 'en');
    people.offline = await person(at(0.03, 0.03));
    people.outside = await person(at(0.06, 0.02));
    [noAccount] = (await buildResidentsAt(t.db, [at(0.025, 0.035)])) as [string];
    await online(people.inside);
    await online(people.outside);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  let first: { id: string; identifier: string; sent: string };

  it('previews, issues, pushes live to residents inside only, in their language', async () => {
    const preview = await hq.post('/api/alerts/preview', {
      area: [{ areaDesc: 'x', polygon: [box(0.01, 0.01, 0.04, 0.04)] }],
    });
    expect(preview).toMatchObject({ status: 200, body: { total: 3, home: 3, shelter: 0, live: 0 } });

    const body = capAlert({}, box(0.01, 0.01, 0.04, 0.04));
    const issued = await hq.post('/api/alerts', body);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ targeted: 3, pushed: 2 });
    first = {
      id: (issued.body as { alert: { id: string } }).alert.id,
      identifier: body.identifier,
      sent: body.sent,
    };

    const event = await waitFor(() => people.inside.received[0]);
    expect(event).toMatchObject({
      kind: 'alert',
      action: 'alert',
      alertId: first.id,
      headline: 'Evacuation order issued',
      severity: 'Severe',
    });
    // One broadcast per language: the position is the highest the send wrote, at or above each
    // person's own entry, so catching up after the last fetched position finds it.
    const { rows } = await t.db.query<{ last: number }>(
      'SELECT max(id)::int AS last FROM inbox_items WHERE alert_id = $1',
      [first.id],
    );
    expect(event.position).toBe(rows[0]!.last);
    const own = (await people.inside.client.get('/api/me/inbox?after=0')).body as {
      entries: { position: number; alertId: string }[];
    };
    expect(own.entries.map((e) => e.alertId)).toEqual([first.id]);
    expect(own.entries[0]!.position).toBeLessThanOrEqual(event.position);
    await new Promise((r) => setTimeout(r, 200));
    expect(people.outside.received).toHaveLength(0);
  });

  it('lets an offline resident catch up from their last position, and only the owner touch an entry', async () => {
    const { status, body } = await people.offline.client.get('/api/me/inbox?after=0');
    expect(status).toBe(200);
    const { entries, last } = body as {
      entries: { position: number; alert: { headline: string } }[];
      last: number;
    };
    expect(entries).toHaveLength(1);
    expect(entries[0]!.alert.headline).toBe('避難指示 発令');
    expect((await people.offline.client.get(`/api/me/inbox?after=${last}`)).body).toMatchObject({
      entries: [],
    });
    const detail = await people.offline.client.get(`/api/me/inbox/${last}`);
    expect(detail.body).toMatchObject({ area: { type: 'MultiPolygon' } });
    expect((await people.outside.client.post(`/api/me/inbox/${last}/read`)).status).toBe(404);
  });

  it('acknowledges receipts over the socket and shows counts and need-help pins to HQ live', async () => {
    const socket = people.inside.socket!;
    const own = (await people.inside.client.get('/api/me/inbox?after=0')).body as {
      entries: { position: number }[];
    };
    const position = own.entries[0]!.position;
    const ackOf = async (on: Socket, event: 'inbox:delivered' | 'inbox:read', payload: unknown) =>
      (await on.emitWithAck(event, payload)) as InboxAck;
    const errorOf = async (on: Socket, event: 'inbox:delivered' | 'inbox:read', payload: unknown) => {
      const ack = await ackOf(on, event, payload);
      return 'error' in ack ? ack.error.id : 'ok';
    };
    // The push names the alert, so delivery is acknowledged by alert; read by the fetched position.
    // Sent together, they are written in one batch and both land.
    const both = await Promise.all([
      ackOf(socket, 'inbox:delivered', { alertId: first.id }),
      ackOf(socket, 'inbox:read', { position }),
    ]);
    expect(both).toEqual([{ ok: true }, { ok: true }]);
    const { rows } = await t.db.query<{ delivered: boolean; read: boolean }>(
      'SELECT delivered_at IS NOT NULL AS delivered, read_at IS NOT NULL AS read FROM inbox_items WHERE id = $1',
      [position],
    );
    expect(rows[0]).toEqual({ delivered: true, read: true });
    expect(await errorOf(socket, 'inbox:delivered', { alertId: first.id })).toBe('ok');
    expect(await errorOf(socket, 'inbox:read', { position: 'x' })).toBe('validation_failed');
    expect(await errorOf(socket, 'inbox:read', { alertId: 'not-a-uuid' })).toBe('validation_failed');
    expect(await errorOf(socket, 'inbox:read', { alertId: first.id, position })).toBe('validation_failed');
    // Someone else's warning (the outside resident was not targeted) is no entry of theirs.
    expect(await errorOf(people.outside.socket!, 'inbox:delivered', { alertId: first.id })).toBe('not_found');
    const ack = (await socket.emitWithAck('inbox:respond', {
      position,
      response: 'need_help',
      note: '足を怪我しました',
    })) as InboxAck;
    expect(ack).toEqual({ ok: true });
    const stats = await waitFor(() => hqStats.find((s) => s.alertId === first.id && s.needHelp === 1));
    expect(stats).toMatchObject({ targeted: 3, delivered: 1, read: 1, responded: 1 });
    const pin = await waitFor(() => pins.find((p) => p.position === position));
    expect(pin).toMatchObject({
      residentId: people.inside.residentId,
      note: '足を怪我しました',
      state: 'open',
      location: { source: 'home' },
    });

    const list = await hq.get(`/api/alerts/${first.id}/need-help`);
    expect(list.body).toMatchObject({ needHelp: [{ position, state: 'open' }] });
    expect((await hq.post(`/api/alerts/${first.id}/need-help/${position}/resolve`)).body).toMatchObject({
      state: 'resolved',
    });
    expect((await hq.get(`/api/alerts/${first.id}/need-help`)).body).toMatchObject({ needHelp: [] });
    expect((await people.inside.client.get(`/api/alerts/${first.id}/need-help`)).status).toBe(403);
  });

  let update: { id: string; identifier: string; sent: string };

  it('re-targets an Update: new people get it, people no longer inside get a cancel', async () => {
    const body = capAlert({ msgType: 'Update', references: reference(first) }, box(0.01, 0.01, 0.07, 0.025));
    const issued = await hq.post('/api/alerts', body);
    expect(issued.status).toBe(201);
    update = {
      id: (issued.body as { alert: { id: string } }).alert.id,
      identifier: body.identifier,
      sent: body.sent,
    };
    const insideEvent = await waitFor(() => people.inside.received.find((e) => e.alertId === update.id));
    const outsideEvent = await waitFor(() => people.outside.received.find((e) => e.alertId === update.id));
    expect(insideEvent.action).toBe('update');
    expect(outsideEvent.action).toBe('alert');
    const offline = (await people.offline.client.get('/api/me/inbox')).body as {
      entries: { action: string; alertId: string }[];
    };
    expect(offline.entries.map((e) => e.action)).toEqual(['alert', 'cancel']);
    const { rows } = await t.db.query<{ action: string }>(
      'SELECT action FROM inbox_items WHERE resident_id = $1 ORDER BY id',
      [noAccount],
    );
    expect(rows.map((r) => r.action)).toEqual(['alert', 'cancel']);
    const firstNow = (await hq.get(`/api/alerts/${first.id}`)).body as {
      active: boolean;
      supersededBy: string;
    };
    expect(firstNow).toMatchObject({ active: false, supersededBy: update.id });
  });

  it('sends a Cancel to everyone who still holds the warning, and refuses a Cancel of nothing', async () => {
    const body = {
      ...capAlert({ msgType: 'Cancel', references: reference(update) }, box(0.01, 0.01, 0.02, 0.02)),
      info: [],
    };
    const cancelled = await hq.post('/api/alerts', body);
    expect(cancelled.status).toBe(201);
    expect(cancelled.body).toMatchObject({ targeted: 2 });
    const cancelId = (cancelled.body as { alert: { id: string } }).alert.id;
    expect(await waitFor(() => people.outside.received.find((e) => e.alertId === cancelId))).toMatchObject({
      action: 'cancel',
      msgType: 'Cancel',
    });
    expect(await waitFor(() => people.inside.received.find((e) => e.alertId === cancelId))).toMatchObject({
      action: 'cancel',
    });
    const active = (await hq.get('/api/alerts')).body as { alerts: { id: string }[] };
    expect(active.alerts.map((a) => a.id)).not.toContain(update.id);

    const orphan = {
      ...body,
      identifier: `test-${randomUUID()}`,
      references: `hq@test.example,nothing-${randomUUID()},${body.sent}`,
    };
    const refused = await hq.post('/api/alerts', orphan);
    expect(refused).toMatchObject({
      status: 400,
      body: { error: { id: 'cap_reference_unknown', details: { path: 'references' } } },
    });
    const { rowCount } = await t.db.query('SELECT 1 FROM alerts WHERE identifier = $1', [orphan.identifier]);
    expect(rowCount).toBe(0);
  });

  it('refuses responses to a cancellation and replays nothing twice', async () => {
    const pushed = people.outside.received.find((e) => e.action === 'cancel')!;
    const fetched = (await people.outside.client.get('/api/me/inbox?after=0')).body as {
      entries: { position: number; alertId: string; action: string }[];
    };
    const cancel = fetched.entries.find((e) => e.alertId === pushed.alertId)!;
    expect(cancel).toMatchObject({ action: 'cancel' });
    expect(cancel.position).toBeLessThanOrEqual(pushed.position);
    const refused = await people.outside.client.post(`/api/me/inbox/${cancel.position}/respond`, {
      response: 'safe',
    });
    expect(refused).toMatchObject({ status: 409, body: { error: { id: 'not_respondable' } } });
    const all = (await people.inside.client.get('/api/me/inbox?after=0')).body as {
      entries: { position: number }[];
    };
    const positions = all.entries.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
  });
});
