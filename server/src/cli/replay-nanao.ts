import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PICK_REPLAY_RESIDENTS_SQL } from '../modules/replay/replay-residents.js';
import { replayNanao, type SnapshotResult } from '../modules/replay/replay.runner.js';
import { HttpStaffApi } from '../modules/replay/staff-api.js';
import { NANAO_MUNICIPALITY_CODE } from '../modules/region/nanao.parse.js';

/**
 * Usage: replay-nanao --server http://127.0.0.1:3000 --username U --password P
 *          [--speed N] [--from 1|2024-01-13] [--to 118|2024-09] [--concurrency 16]
 *          [--database-url postgres://…] [--report replay.json]
 * Replays Nanao's 2024 occupancy snapshots as card taps against a running server (see
 * docs/benchmarks.md, "Nanao replay"). Residents are picked with one read-only query on the
 * server's PostgreSQL (DATABASE_URL): the API has no bulk resident listing, and the embedded
 * database cannot be opened by a second process while the server runs.
 */
const { values } = parseArgs({
  options: {
    server: { type: 'string', default: 'http://127.0.0.1:3000' },
    username: { type: 'string' },
    password: { type: 'string', default: process.env.REPLAY_PASSWORD },
    speed: { type: 'string', default: '0' },
    from: { type: 'string' },
    to: { type: 'string' },
    concurrency: { type: 'string', default: '16' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL },
    report: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const speed = Number(values.speed);
const concurrency = Number(values.concurrency);
if (!values.username || !values.password) fail('--username and --password (or REPLAY_PASSWORD) are required');
if (!values['database-url']) fail('--database-url or DATABASE_URL is required to pick residents (read-only)');
if (!Number.isFinite(speed) || speed < 0) fail('--speed must be a number >= 0 (0 = as fast as possible)');
if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256)
  fail('--concurrency must be 1..256');

const readOnly = new pg.Client({
  connectionString: values['database-url'],
  options: '-c default_transaction_read_only=on',
});

function line(r: SnapshotResult): string {
  const mismatch = r.mismatches.map((m) => `${m.name} expected ${m.expected} got ${m.actual}`).join('; ');
  return (
    `#${String(r.index).padStart(3)} ${r.label}  total ${String(r.replayedTotal).padStart(4)}` +
    ` (city ${String(r.historyTotal).padStart(4)})  taps ${String(r.taps).padStart(4)}` +
    `  tap errors ${r.tapErrors}  mismatches ${r.mismatches.length}  ${Math.round(r.elapsedMs)} ms` +
    (mismatch ? `  [${mismatch}]` : '')
  );
}

try {
  await readOnly.connect();
  const api = await HttpStaffApi.signIn(values.server, values.username, values.password);
  const report = await replayNanao({
    baseUrl: values.server,
    api,
    from: values.from,
    to: values.to,
    speed,
    concurrency,
    pickResidents: async (count, before) =>
      (
        await readOnly.query<{ id: string }>(PICK_REPLAY_RESIDENTS_SQL, [
          NANAO_MUNICIPALITY_CODE,
          before,
          count,
        ])
      ).rows.map((r) => r.id),
    onSnapshot: (r) => console.log(line(r)),
  });
  const matched = report.snapshots.filter((s) => s.mismatches.length === 0 && s.tapErrors === 0).length;
  console.log(
    `\n${matched}/${report.snapshots.length} snapshots matched exactly; ${report.taps} taps, ${report.tapErrors} tap errors; ` +
      `${report.residents} residents (${report.cardsBound} cards newly bound); ${(report.elapsedMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `shelters: ${report.match.shelterIds.size} matched, ${report.match.unmatched.length} left out:`,
  );
  for (const s of report.match.unmatched) console.log(`  ${s.id} ${s.name} (not in the shelter registry)`);
  if (values.report) {
    const { match, ...rest } = report;
    const unmatched = match.unmatched;
    await writeFile(
      values.report,
      `${JSON.stringify({ ...rest, matched: match.shelterIds.size, unmatched }, null, 2)}\n`,
    );
  }
  if (report.mismatches > 0 || report.tapErrors > 0) process.exitCode = 1;
} catch (error) {
  process.exitCode = 1;
  console.error(error instanceof Error ? error.message : error);
} finally {
  await readOnly.end();
}
