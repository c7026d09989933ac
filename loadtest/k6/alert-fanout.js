/**
 * Warning fan-out: SOCKETS resident sockets are signed in and connected, then HQ issues one
 * warning on the area where exactly those residents live. Measures issue → receipt on every
 * socket (`fanout_latency`) and how many received it (`fanout_received`; delivery ratio =
 * fanout_received / SOCKETS).
 *
 * MODE=baseline runs the same sockets and the same measurement against the bare Socket.IO
 * broadcast server (loadtest/lib/bare-broadcast.ts): HQ's request there broadcasts one `inbox:new`
 * of the same shape to every socket. Run both in the same run and compare.
 *
 * Env (defaults):
 *   BASE_URL=http://127.0.0.1:3000   server (loopback only)
 *   FIXTURES=<file>                   written by `npm run bench` (sessions, HQ session, polygon)
 *   MODE=server                       server | baseline | listen (no issuing here: another
 *                                     process issues, at ISSUE_AT_MS)
 *   RUN_ID=<random>                   marks this run's warnings
 *   SOCKETS=1000                      resident sockets of this process (1..20000)
 *   FIRST=0                           index of its first bench resident (a second k6 process
 *                                     takes the next SOCKETS residents)
 *   POLYGON_FOR=SOCKETS               the warning covers the first POLYGON_FOR residents
 *   SOCKETS_PER_VU=200                sockets each VU holds (k6/experimental/websockets)
 *   CONNECT_SECONDS=20                sockets are opened evenly over this time
 *   CONNECT_TIMEOUT_SECONDS=20        a socket not connected by then is given up and counted
 *   SETTLE_SECONDS=10                 quiet time after the last connect, before the warning
 *   ISSUE_AT_MS=<epoch ms>            with MODE=listen: when the warning is issued elsewhere
 *   RECEIVE_SECONDS=30                time sockets stay open after the warning
 *   P95_MS=1500  P99_MS=3000          thresholds on fanout_latency
 *   FINE_PERCENTILES=0                1: the summary lists p(1) … p(99) of fanout_latency, so
 *                                     the summaries of several processes can be merged
 *   SUMMARY_FILE=<file>               end-of-test summary as JSON
 *
 * Every socket is closed at issue + RECEIVE_SECONDS (connecting ones too) and each scenario has a
 * maxDuration, so the run ends by itself even when sockets fail to connect.
 *
 * Run: k6 run -e FIXTURES=… -e SOCKETS=1000 loadtest/k6/alert-fanout.js
 */
import { baselinePayload } from './lib/warning.js';
import http from 'k6/http';
import { check } from 'k6';
import {
  baseUrl,
  envInt,
  fixture,
  holdResidentSockets,
  issueWarning,
  metrics,
  summaryOutputs,
  slot,
} from './lib/scenarios.js';

const url = baseUrl();
const mode = __ENV.MODE || 'server';
if (mode !== 'server' && mode !== 'baseline' && mode !== 'listen')
  throw new Error('MODE must be server, baseline or listen');
const runId = __ENV.RUN_ID || `r${Date.now().toString(36)}`;
const sockets = envInt('SOCKETS', 1000, 1, 20000);
const firstResident = envInt('FIRST', 0, 0, 1000000);
const polygonFor = envInt('POLYGON_FOR', sockets, 1, 1000000);
const perVu = envInt('SOCKETS_PER_VU', 200, 1, 2000);
const connectSeconds = envInt('CONNECT_SECONDS', 20, 1, 600);
const connectTimeoutSeconds = envInt('CONNECT_TIMEOUT_SECONDS', 20, 1, 600);
const settleSeconds = envInt('SETTLE_SECONDS', 10, 0, 600);
const receiveSeconds = envInt('RECEIVE_SECONDS', 30, 1, 600);
const issueAtMs = mode === 'listen' ? envInt('ISSUE_AT_MS', 0, 1, 9999999999999) : 0;
// Seconds from the start of the test to the warning: fixed here, or what is left until the
// given moment (counted from init, so it errs long).
const issueAt =
  mode === 'listen'
    ? Math.max(1, Math.ceil((issueAtMs - Date.now()) / 1000))
    : connectSeconds + settleSeconds;
if (mode === 'listen' && issueAt > 3600) throw new Error('ISSUE_AT_MS must be within the hour');
const vus = Math.ceil(sockets / perVu);
const finePercentiles = [];
if (__ENV.FINE_PERCENTILES === '1') for (let p = 1; p < 100; p++) finePercentiles.push(`p(${p})`);

const scenarios = {
  residents: {
    executor: 'per-vu-iterations',
    exec: 'residents',
    vus,
    iterations: 1,
    maxDuration: `${issueAt + receiveSeconds + 60}s`,
    gracefulStop: '10s',
  },
};
if (mode !== 'listen') {
  scenarios.hq = {
    executor: 'per-vu-iterations',
    exec: 'hq',
    vus: 1,
    iterations: 1,
    startTime: `${issueAt}s`,
    maxDuration: '150s',
  };
}

const thresholds = {
  fanout_latency: [
    `p(95)<${envInt('P95_MS', 1500, 1, 600000)}`,
    `p(99)<${envInt('P99_MS', 3000, 1, 600000)}`,
  ],
  fanout_received: [`count>=${sockets}`],
  fanout_duplicates: ['count==0'],
  socket_connect_errors: ['count==0'],
  socket_connect_timeouts: ['count==0'],
};
// A listening process issues nothing and so runs no checks.
if (mode !== 'listen') thresholds.checks = ['rate==1'];

export const options = {
  scenarios,
  thresholds,
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'].concat(finePercentiles),
  setupTimeout: '60s',
};

export function residents() {
  const first = slot() * perVu;
  holdResidentSockets({
    url,
    runId,
    first: firstResident + first,
    count: Math.min(perVu, sockets - first),
    connectMs: connectSeconds * 1000,
    connectTimeoutMs: connectTimeoutSeconds * 1000,
    holdMs: (issueAt + receiveSeconds) * 1000,
    closeAtMs: mode === 'listen' ? issueAtMs + receiveSeconds * 1000 : undefined,
  });
}

export function hq() {
  if (mode === 'server') {
    issueWarning({ url, runId, polygon: fixture('fanoutPolygons')[String(polygonFor)] });
    return;
  }
  const issuedAtMs = Date.now();
  const response = http.post(`${url}/broadcast`, JSON.stringify(baselinePayload(runId, issuedAtMs)), {
    headers: { 'Content-Type': 'application/json' },
    tags: { name: 'POST /broadcast' },
  });
  if (check(response, { 'broadcast sent (200)': (r) => r.status === 200 })) {
    metrics.warningsIssued.add(1);
    metrics.warningsTargeted.add(response.json('sockets'));
  }
}

export function handleSummary(data) {
  return summaryOutputs(data);
}
