/**
 * Fault run for card taps: two real reader agents tap steadily while the server is killed and
 * restarted, frozen (the agents' connections hang, as when a network cable is pulled), an agent is
 * killed mid-queue and restarted, and optionally PostgreSQL is restarted. Afterwards the agents'
 * ledgers are compared with the database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/hinan_bench npm run fault:taps -- \
 *     [--taps 2000] [--rate 100] [--pg-restart] [--out docs/benchmarks]
 *
 * Passes (exit 0) when every tap the server acknowledged is stored exactly once, every tap an agent
 * accepted is eventually stored exactly once, and nothing else is stored. Uses its own bench
 * municipality (99970) and removes what an earlier fault run left.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ensureBenchDatabase, setupBenchData } from './lib/bench-db.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { AgentHandle } from './fault/agent-handle.js';
import { compareWithDatabase, type FaultReport } from './fault/verify.js';
import { provenance } from './lib/provenance.js';

const MUNICIPALITY = '99970';

const options = z
  .object({
    taps: z.coerce.number().int().min(100).max(100_000),
    rate: z.coerce.number().min(10).max(2_000),
    'pg-restart': z.boolean(),
    out: z.string().min(1),
  })
  .parse(
    parseArgs({
      options: {
        taps: { type: 'string', default: '2000' },
        rate: { type: 'string', default: '100' },
        'pg-restart': { type: 'boolean', default: false },
        out: { type: 'string', default: 'docs/benchmarks' },
      },
    }).values,
  );

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hinan_bench';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message: string) =>
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const cardTokenSecret = randomBytes(32).toString('base64url');
const db = await ensureBenchDatabase(databaseUrl);
const readers = await setupBenchData(db, {
  readers: 2,
  cardsPerReader: Math.ceil(options.taps / 2),
  cardTokenSecret,
  municipality: MUNICIPALITY,
});
await db.close();

const serverEnv = { DATABASE_URL: databaseUrl, CARD_TOKEN_SECRET: cardTokenSecret };
let server: ServerProcess = await startServerProcess(serverEnv);
const port = Number(new URL(server.url).port);
const restartServer = async () => {
  server = await startServerProcess(serverEnv, { port, readyTimeoutMs: 180_000 });
};

const queueRoot = await mkdtemp(path.join(os.tmpdir(), 'hinan-fault-'));
const agents = readers.map(
  (reader, i) =>
    new AgentHandle(
      { server: server.url, deviceKey: reader.deviceKey, queueDir: path.join(queueRoot, `agent-${i}`) },
      reader.cardUids,
      options.rate / readers.length,
    ),
);
for (const agent of agents) {
  agent.start();
  agent.feed();
}

const runSeconds = options.taps / options.rate;
const faults: { at: number; name: string; run: () => Promise<void> }[] = [
  {
    at: 0.15,
    name: 'server killed (SIGKILL), restarted after 2 s',
    run: async () => {
      process.kill(server.pid, 'SIGKILL');
      await sleep(2_000);
      await restartServer();
    },
  },
  {
    at: 0.35,
    name: 'reader agent 1 killed mid-queue (SIGKILL), restarted on its queue',
    run: async () => {
      await agents[0]!.kill();
      await sleep(1_000);
      agents[0]!.start();
    },
  },
  ...(options['pg-restart']
    ? [
        {
          at: 0.5,
          name: 'PostgreSQL restarted (pg_ctlcluster restart)',
          run: () => {
            const version = execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n')[0]!;
            execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
            return Promise.resolve();
          },
        },
      ]
    : []),
  {
    at: 0.65,
    name: 'server frozen for 8 s (SIGSTOP / SIGCONT): connections hang like a pulled cable',
    run: async () => {
      process.kill(server.pid, 'SIGSTOP');
      await sleep(8_000);
      process.kill(server.pid, 'SIGCONT');
    },
  },
  {
    at: 0.85,
    name: 'server killed (SIGKILL) during the burst, restarted after 1 s',
    run: async () => {
      process.kill(server.pid, 'SIGKILL');
      await sleep(1_000);
      await restartServer();
    },
  },
];

const started = Date.now();
for (const fault of faults) {
  const due = started + fault.at * runSeconds * 1000;
  await sleep(Math.max(0, due - Date.now()));
  log(`fault: ${fault.name}`);
  await fault.run();
}
log('all faults injected; waiting for the agents to deliver everything');
const drained = await Promise.all(agents.map((agent) => agent.drained(180_000)));
await server.stop();

const verifyDb = await ensureBenchDatabase(databaseUrl);
let report: FaultReport;
try {
  report = await compareWithDatabase(
    verifyDb,
    agents.map((agent) => agent.ledger),
    readers.map((reader) => reader.shelterId),
  );
} finally {
  await verifyDb.close();
}
const result = {
  ...provenance(),
  options,
  faults: faults.map((fault) => fault.name),
  agentsDrained: drained,
  agentExits: agents.map((agent) => agent.exits),
  ...report,
};
await mkdir(options.out, { recursive: true });
const file = path.join(options.out, `fault-taps-${result.date.slice(0, 10)}.json`);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);

const rows: [string, number | string][] = [
  ['taps handed to the agents (incl. taps tapped again after an agent crash)', report.written],
  ['accepted by an agent (saved to its queue)', report.accepted],
  ['acknowledged by the server', report.acknowledged],
  ['stored in the database', report.stored],
  ['acknowledged but not stored (lost)', report.lostAcknowledged],
  ['accepted but not stored (lost)', report.lostAccepted],
  ['stored more than once (duplicates)', report.duplicates],
  ['stored without an agent confirmation (saved just before a crash)', report.storedUnconfirmed],
  ['occupancy counters that disagree with the people inside', report.occupancyMismatches],
];
for (const [label, value] of rows) log(`${label}: ${value}`);
log(`raw: ${file}`);
const passed =
  drained.every(Boolean) &&
  report.lostAcknowledged === 0 &&
  report.lostAccepted === 0 &&
  report.duplicates === 0 &&
  report.occupancyMismatches === 0;
log(passed ? 'PASS: nothing acknowledged or accepted was lost, nothing counted twice' : 'FAIL');
process.exit(passed ? 0 : 1);
