/**
 * Mixed disaster day: everything at once, in proportions of a large evacuation (per 10,000
 * connected residents: 50 shelters tapping people in, residents checking on family, HQ issuing a
 * warning every few minutes, compressed here):
 *   - SOCKETS resident sockets connected (warnings arrive on them; `fanout_latency`),
 *   - READERS readers tapping TAP_RATE taps/s in total (`tap_ack`),
 *   - FAMILY_RATE family lookups/s (`http_req_duration{name:GET /api/me/family}`),
 *   - HQ issues WARNINGS warnings, WARNING_EVERY seconds apart, on the area of those SOCKETS
 *     residents (each must reach every socket).
 *
 * Env (defaults):
 *   BASE_URL=http://127.0.0.1:3000   server (loopback only)
 *   FIXTURES=<file>                   written by `npm run bench` (needs a fan-out polygon for SOCKETS)
 *   RUN_ID=<random>
 *   SOCKETS=2000  SOCKETS_PER_VU=200  CONNECT_SECONDS=20
 *   READERS=20    TAP_RATE=200
 *   FAMILY_RATE=100
 *   WARNINGS=3    WARNING_EVERY=20
 *   SECONDS=90                        length of the busy part (after sockets are connected)
 *   TAP_P99_MS=200  FAMILY_P99_MS=100  FANOUT_P95_MS=3000   thresholds
 *   SUMMARY_FILE=<file>
 */
import { sleep } from 'k6';
import {
  baseUrl,
  envInt,
  familyLookup,
  fixture,
  holdResidentSockets,
  issueWarning,
  readers,
  readerTaps,
  summaryOutputs,
  slot,
} from './lib/scenarios.js';

const url = baseUrl();
const runId = __ENV.RUN_ID || `m${Date.now().toString(36)}`;
const sockets = envInt('SOCKETS', 2000, 1, 20000);
const perVu = envInt('SOCKETS_PER_VU', 200, 1, 2000);
const connectSeconds = envInt('CONNECT_SECONDS', 20, 1, 600);
const readerCount = Math.min(envInt('READERS', 20, 1, 1000), readers.length || 1);
const tapRate = envInt('TAP_RATE', 200, 1, 20000);
const familyRate = envInt('FAMILY_RATE', 100, 1, 20000);
const warnings = envInt('WARNINGS', 3, 1, 100);
const warningEvery = envInt('WARNING_EVERY', 20, 1, 3600);
const seconds = envInt('SECONDS', 90, 10, 3600);
const busyFrom = connectSeconds + 5;

export const options = {
  scenarios: {
    residents: {
      executor: 'per-vu-iterations',
      exec: 'residents',
      vus: Math.ceil(sockets / perVu),
      iterations: 1,
      maxDuration: `${busyFrom + seconds + 90}s`,
    },
    readers: {
      executor: 'per-vu-iterations',
      exec: 'tap',
      vus: readerCount,
      iterations: 1,
      startTime: `${busyFrom}s`,
      maxDuration: `${seconds + 60}s`,
    },
    family: {
      executor: 'constant-arrival-rate',
      exec: 'family',
      rate: familyRate,
      timeUnit: '1s',
      duration: `${seconds}s`,
      preAllocatedVUs: Math.max(10, Math.ceil(familyRate / 10)),
      maxVUs: Math.max(50, familyRate),
      startTime: `${busyFrom}s`,
    },
    hq: {
      executor: 'per-vu-iterations',
      exec: 'hq',
      vus: 1,
      iterations: 1,
      startTime: `${busyFrom + 10}s`,
      maxDuration: `${warnings * warningEvery + 120}s`,
    },
  },
  thresholds: {
    tap_ack: [`p(99)<${envInt('TAP_P99_MS', 200, 1, 600000)}`],
    tap_errors: ['count==0'],
    'http_req_duration{name:GET /api/me/family}': [`p(99)<${envInt('FAMILY_P99_MS', 100, 1, 600000)}`],
    'http_reqs{name:GET /api/me/family}': ['count>=0'], // reported per request name
    fanout_latency: [`p(95)<${envInt('FANOUT_P95_MS', 3000, 1, 600000)}`],
    fanout_received: [`count>=${sockets * warnings}`],
    socket_connect_errors: ['count==0'],
    checks: ['rate>0.999'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

export function residents() {
  const first = slot() * perVu;
  holdResidentSockets({
    url,
    runId,
    first,
    count: Math.min(perVu, sockets - first),
    connectMs: connectSeconds * 1000,
    holdMs: (busyFrom + seconds + 30) * 1000,
  });
}

export function tap() {
  readerTaps({
    url,
    reader: readers[slot() % readers.length],
    seconds,
    rateAt: () => tapRate / readerCount,
  });
}

export function family() {
  familyLookup(url);
}

export function hq() {
  const polygon = fixture('fanoutPolygons')[String(sockets)];
  if (!polygon) throw new Error(`FIXTURES has no fan-out polygon for SOCKETS=${sockets}`);
  for (let i = 0; i < warnings; i++) {
    const started = Date.now();
    issueWarning({ url, runId, polygon, sequence: i });
    const wait = warningEvery * 1000 - (Date.now() - started);
    if (wait > 0 && i < warnings - 1) sleepMs(wait);
  }
}

const sleepMs = (ms) => sleep(ms / 1000);

export function handleSummary(data) {
  return summaryOutputs(data);
}
