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
 *   MODE=server                       server | baseline
 *   RUN_ID=<random>                   marks this run's warnings
 *   SOCKETS=1000                      resident sockets (1..20000)
 *   SOCKETS_PER_VU=200                sockets each VU holds (k6/experimental/websockets)
 *   CONNECT_SECONDS=20                sockets are opened evenly over this time
 *   SETTLE_SECONDS=10                 quiet time after the last connect, before the warning
 *   RECEIVE_SECONDS=30                time sockets stay open after the warning
 *   P95_MS=1500  P99_MS=3000          thresholds on fanout_latency
 *   SUMMARY_FILE=<file>               end-of-test summary as JSON
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
if (mode !== 'server' && mode !== 'baseline') throw new Error('MODE must be server or baseline');
const runId = __ENV.RUN_ID || `r${Date.now().toString(36)}`;
const sockets = envInt('SOCKETS', 1000, 1, 20000);
const perVu = envInt('SOCKETS_PER_VU', 200, 1, 2000);
const connectSeconds = envInt('CONNECT_SECONDS', 20, 1, 600);
const settleSeconds = envInt('SETTLE_SECONDS', 10, 0, 600);
const receiveSeconds = envInt('RECEIVE_SECONDS', 30, 1, 600);
const issueAt = connectSeconds + settleSeconds;
const vus = Math.ceil(sockets / perVu);

export const options = {
  scenarios: {
    residents: {
      executor: 'per-vu-iterations',
      exec: 'residents',
      vus,
      iterations: 1,
      maxDuration: `${issueAt + receiveSeconds + 60}s`,
    },
    hq: {
      executor: 'per-vu-iterations',
      exec: 'hq',
      vus: 1,
      iterations: 1,
      startTime: `${issueAt}s`,
      maxDuration: '150s',
    },
  },
  thresholds: {
    fanout_latency: [
      `p(95)<${envInt('P95_MS', 1500, 1, 600000)}`,
      `p(99)<${envInt('P99_MS', 3000, 1, 600000)}`,
    ],
    fanout_received: [`count>=${sockets}`],
    fanout_duplicates: ['count==0'],
    socket_connect_errors: ['count==0'],
    checks: ['rate==1'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
  setupTimeout: '60s',
};

export function residents() {
  const first = slot() * perVu;
  holdResidentSockets({
    url,
    runId,
    first,
    count: Math.min(perVu, sockets - first),
    connectMs: connectSeconds * 1000,
    holdMs: (issueAt + receiveSeconds) * 1000,
  });
}

export function hq() {
  if (mode === 'server') {
    issueWarning({ url, runId, polygon: fixture('fanoutPolygons')[String(sockets)] });
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
