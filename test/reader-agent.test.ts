import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReaderAgent } from '../server/src/reader-agent/agent.js';
import { StatusReporter } from '../server/src/reader-agent/status.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  buildUser,
  randomCardUid,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const REPO = path.resolve(import.meta.dirname, '..');
const AGENT_MAIN = 'server/src/reader-agent/main.ts';

async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Stands between the agent and the server so the test can take "the network" down and up on a
 * fixed port. It can refuse WebSocket upgrades (leaving only the HTTP fallback) and swallow the
 * server's replies (the request arrives and is committed, the answer never comes back).
 */
class NetworkLink {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: URL,
    readonly options: { refuseWebSocket?: boolean; swallowReplies?: boolean } = {},
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      this.track(client);
      client.once('data', (first) => {
        if (this.options.refuseWebSocket && /^upgrade:\s*websocket/im.test(first.toString('latin1'))) {
          client.destroy();
          return;
        }
        const upstream = this.track(net.connect(Number(this.target.port), this.target.hostname));
        upstream.write(first);
        client.pipe(upstream);
        if (this.options.swallowReplies) upstream.resume();
        else upstream.pipe(client);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private track(socket: net.Socket): net.Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
    return socket;
  }
}

/** The agent as staff run it: a separate process reading card UIDs from stdin. */
class AgentProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(server: string, deviceKey: string, queueDir: string) {
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', AGENT_MAIN, '--server', server, '--queue-dir', queueDir],
      {
        cwd: REPO,
        env: { ...process.env, READER_DEVICE_KEY: deviceKey },
      },
    );
    this.child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  tap(...uids: string[]): void {
    this.child.stdin.write(uids.map((uid) => `${uid}\n`).join(''));
  }

  lines(pattern: RegExp): string[] {
    return this.stdout.split('\n').filter((line) => pattern.test(line));
  }

  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<true> {
    return waitUntil(
      `agent output ${pattern}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`,
      () => pattern.test(this.stdout) || undefined,
      timeoutMs,
    );
  }

  /** Ends the input; the agent finishes delivering its queue and exits. */
  async finish(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}

describe('reader agent', () => {
  let t: TestServer;
  let staff: HttpClient;
  let town: Awaited<ReturnType<typeof buildMunicipality>>;
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'reader-agent-it-'));
  const agents: AgentProcess[] = [];
  const links: NetworkLink[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
  });
  afterAll(async () => {
    for (const agent of agents) if (agent.child.exitCode === null) agent.child.kill('SIGKILL');
    for (const link of links) await link.down();
    await t.close();
    rmSync(tmpRoot, { recursive: true, force: true });
  });

  async function shelterWithReader() {
    const shelter = await buildShelter(t.db, { municipality: town, capacity: 500 });
    const user = await buildUser(t.db, { role: 'shelter_staff', shelterIds: [shelter.id] });
    staff = t.client();
    await staff.login(user.username, user.password);
    const { status, body } = await staff.post(`/api/shelters/${shelter.id}/readers`, {
      name: 'Entrance',
      mode: 'toggle',
    });
    expect(status).toBe(201);
    const { reader, deviceKey } = body as { reader: { id: string }; deviceKey: string };
    return { shelterId: shelter.id, readerId: reader.id, deviceKey };
  }

  async function residentsWithCards(count: number) {
    const uids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const resident = await buildResident(t.db, { municipality: town });
      const uid = randomCardUid();
      await buildCard(t.db, { residentId: resident.id, token: t.server.checkins.tokenFor(uid) });
      uids.push(uid);
    }
    return uids;
  }

  const occupancy = async (shelterId: string) =>
    (await t.db.query<{ occupancy: number }>('SELECT occupancy FROM shelters WHERE id = $1', [shelterId]))
      .rows[0]!.occupancy;

  const tapsOf = async (readerId: string) =>
    (
      await t.db.query<{
        event_id: string;
        card_token: string;
        outcome: string;
        tapped_at: Date;
        received_at: Date;
      }>(
        'SELECT event_id, card_token, outcome, tapped_at, received_at FROM taps WHERE reader_id = $1 ORDER BY received_at, tapped_at',
        [readerId],
      )
    ).rows;

  const newLink = async (options?: NetworkLink['options']) => {
    const link = new NetworkLink(await freePort(), new URL(t.url), options);
    links.push(link);
    return link;
  };
  const startAgent = (server: string, deviceKey: string, queueDir: string) => {
    const agent = new AgentProcess(server, deviceKey, queueDir);
    agents.push(agent);
    return agent;
  };

  it('queues taps while the server is unreachable and delivers them once, in order, with their tap times', async () => {
    const { shelterId, readerId, deviceKey } = await shelterWithReader();
    const [alice, bob] = await residentsWithCards(2);
    const link = await newLink(); // nothing listens on its port yet
    const agent = startAgent(link.url, deviceKey, path.join(tmpRoot, 'offline'));

    for (const uid of [alice!, bob!, alice!]) {
      agent.tap(uid);
      await sleep(30);
    }
    await agent.waitForOutput(/offline, 3 queued/);
    await sleep(1_100); // so the delivery time is clearly later than the tap times
    const upAt = Date.now();
    await link.up();
    await agent.waitForOutput(/checked out/);
    expect(await agent.finish()).toBe(0);

    const rows = await tapsOf(readerId);
    expect(rows.map((r) => r.outcome)).toEqual(['checked_in', 'checked_in', 'checked_out']);
    expect(rows.map((r) => r.card_token)).toEqual(
      [alice!, bob!, alice!].map((uid) => t.server.checkins.tokenFor(uid)),
    );
    for (const row of rows) expect(row.tapped_at.getTime()).toBeLessThan(upAt);
    expect(rows.map((r) => r.tapped_at.getTime())).toEqual(
      [...rows.map((r) => r.tapped_at.getTime())].sort((a, b) => a - b),
    );
    expect(await occupancy(shelterId)).toBe(1);
    expect(
      agent.lines(/tapped at .*: (checked|transferred)/).map((line) => line.replace(/^.*: /, '')),
    ).toEqual(['checked in (occupancy 1)', 'checked in (occupancy 2)', 'checked out (occupancy 1)']);
  });

  it('delivers every tap exactly once when the agent is killed after sending, before the acknowledgement', async () => {
    const { shelterId, readerId, deviceKey } = await shelterWithReader();
    const people = await residentsWithCards(10);
    const strangers = Array.from({ length: 280 }, () => randomCardUid());
    // Ten people come in, many unknown cards, then five of the ten leave: net +5.
    const backlog = [...people, ...strangers, ...people.slice(0, 5)];
    const queueDir = path.join(tmpRoot, 'killed');
    const link = await newLink({ refuseWebSocket: true, swallowReplies: true });
    const first = startAgent(link.url, deviceKey, queueDir);
    first.tap(...backlog);
    await first.waitForOutput(new RegExp(`offline, ${backlog.length} queued`));

    // The network comes back for requests but not for answers: the server commits the whole
    // backlog (sent over HTTP as one batch) and the agent is killed still waiting for the ack.
    await link.up();
    await waitUntil('the whole backlog committed', async () => {
      const { rows } = await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM taps WHERE reader_id = $1',
        [readerId],
      );
      return rows[0]!.n === backlog.length || undefined;
    });
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.lines(/tapped at .*: (checked|unknown)/)).toEqual([]);
    link.options.refuseWebSocket = false;
    link.options.swallowReplies = false;

    // The restarted agent resends the whole unacknowledged batch, plus two new taps.
    const second = startAgent(link.url, deviceKey, queueDir);
    await second.waitForOutput(/reader "Entrance" at .*, mode toggle/);
    second.tap(people[5]!, people[6]!);
    expect(await second.finish()).toBe(0);
    expect(second.stderr).toContain(`queue: ${backlog.length} tap(s) from an earlier run wait to be sent`);
    expect(second.lines(/sent again, counted once/)).toHaveLength(backlog.length);

    const rows = await tapsOf(readerId);
    expect(rows).toHaveLength(backlog.length + 2);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(backlog.length + 2);
    expect(rows.filter((r) => r.outcome === 'unknown_card')).toHaveLength(strangers.length);
    expect(rows.filter((r) => r.outcome === 'checked_out')).toHaveLength(7);
    expect(await occupancy(shelterId)).toBe(3);
    expect(readFileSync(path.join(queueDir, 'journal.jsonl'), 'utf8')).toBe('');
  });

  it('does not count twice when the same queued batch is replayed', async () => {
    const { shelterId, readerId, deviceKey } = await shelterWithReader();
    const people = await residentsWithCards(3);
    const lines: string[] = [];
    const status = new StatusReporter(
      (line) => lines.push(line),
      (line) => lines.push(line),
    );
    const queueDir = path.join(tmpRoot, 'replay');
    const offline = ReaderAgent.start({
      server: `http://127.0.0.1:${await freePort()}`,
      deviceKey,
      queueDir,
      direction: 'in',
      status,
    });
    for (const uid of [...people, randomCardUid()]) offline.tap({ cardUid: uid });
    await offline.close();
    const copy = path.join(tmpRoot, 'replay-copy');
    cpSync(queueDir, copy, { recursive: true });

    for (const dir of [queueDir, copy]) {
      const agent = ReaderAgent.start({ server: t.url, deviceKey, queueDir: dir, direction: 'in', status });
      await agent.drained();
      await agent.close();
    }
    const rows = await tapsOf(readerId);
    // Taps of one batch commit together and may share their times: compare as a set.
    expect(rows.map((r) => r.outcome).sort()).toEqual([
      'checked_in',
      'checked_in',
      'checked_in',
      'unknown_card',
    ]);
    expect(await occupancy(shelterId)).toBe(3);
    expect(lines.filter((line) => line.includes('sent again, counted once'))).toHaveLength(4);
  });

  it('falls back to HTTP when the live connection cannot be opened', async () => {
    const { readerId, deviceKey } = await shelterWithReader();
    const [person] = await residentsWithCards(1);
    const link = await newLink({ refuseWebSocket: true });
    await link.up();
    const agent = startAgent(link.url, deviceKey, path.join(tmpRoot, 'http'));
    agent.tap(person!, randomCardUid());
    await agent.waitForOutput(/delivered 2 taps over HTTP/);
    expect(await agent.finish()).toBe(0);
    expect((await tapsOf(readerId)).map((r) => r.outcome)).toEqual(['checked_in', 'unknown_card']);
  });

  it('stops sending on a refused key, keeps the queue and says what to do', async () => {
    const { deviceKey } = await shelterWithReader();
    const revoked = await shelterWithReader();
    const { status } = await staff.post(`/api/readers/${revoked.readerId}/revoke`);
    expect(status).toBe(200);
    const queueDir = path.join(tmpRoot, 'revoked');
    const agent = startAgent(t.url, revoked.deviceKey, queueDir);
    agent.tap(randomCardUid());
    await agent.waitForOutput(/saved/);
    expect(await agent.finish()).toBe(1);
    expect(agent.stderr).toContain('reader_key_invalid');
    expect(agent.stderr).toContain('1 tap(s) kept in the queue');
    expect(readFileSync(path.join(queueDir, 'journal.jsonl'), 'utf8').split('\n')).toHaveLength(2);
    expect(deviceKey).not.toBe(revoked.deviceKey);
  });
});
