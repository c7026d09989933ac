/**
 * Family lookup: signed-in residents poll `GET /api/me/family` (their household with current
 * whereabouts; each view of another person is written to the access log) at RATE requests/s, while
 * SUBSCRIBERS resident sockets are connected and subscribed to their family's rooms
 * (`family_subscribed_time`: socket open → `family:subscribed`).
 *
 * MODE=baseline sends the same request rate to the bare server's `GET /healthz` (no session, no
 * database): the floor of an HTTP round trip on this machine.
 *
 * Env (defaults):
 *   BASE_URL=http://127.0.0.1:3000   server (loopback only)
 *   FIXTURES=<file>                   written by `npm run bench`
 *   MODE=server                       server | baseline
 *   RATE=500                          lookups per second (constant arrival rate)
 *   SECONDS=30                        duration
 *   SUBSCRIBERS=200                   resident sockets held meanwhile (0 = none; not in baseline)
 *   P99_MS=20                         threshold on the lookup p99 (target: < 20 ms at 500/s)
 *   SUMMARY_FILE=<file>               end-of-test summary as JSON
 */
import http from 'k6/http';
import { check } from 'k6';
import { baseUrl, envInt, familyLookup, holdResidentSockets, summaryOutputs, slot } from './lib/scenarios.js';

const url = baseUrl();
const mode = __ENV.MODE || 'server';
if (mode !== 'server' && mode !== 'baseline') throw new Error('MODE must be server or baseline');
const rate = envInt('RATE', 500, 1, 20000);
const seconds = envInt('SECONDS', 30, 1, 3600);
const subscribers = mode === 'server' ? envInt('SUBSCRIBERS', 200, 0, 20000) : 0;
const name = mode === 'server' ? 'GET /api/me/family' : 'GET /healthz';

const scenarios = {
  lookups: {
    executor: 'constant-arrival-rate',
    exec: 'lookup',
    rate,
    timeUnit: '1s',
    duration: `${seconds}s`,
    preAllocatedVUs: Math.max(10, Math.ceil(rate / 20)),
    maxVUs: Math.max(50, Math.ceil(rate / 2)),
    startTime: subscribers > 0 ? '5s' : '0s',
  },
};
if (subscribers > 0) {
  scenarios.subscribers = {
    executor: 'per-vu-iterations',
    exec: 'subscribe',
    vus: Math.ceil(subscribers / 100),
    iterations: 1,
    maxDuration: `${seconds + 60}s`,
  };
}

export const options = {
  scenarios,
  thresholds: {
    [`http_req_duration{name:${name}}`]: [`p(99)<${envInt('P99_MS', 20, 1, 600000)}`],
    [`http_reqs{name:${name}}`]: ['count>=0'], // reported per request name
    http_req_failed: ['rate<0.001'],
    dropped_iterations: ['count==0'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

export function lookup() {
  if (mode === 'server') {
    familyLookup(url);
    return;
  }
  check(http.get(`${url}/healthz`, { tags: { name } }), { 'healthz (200)': (r) => r.status === 200 });
}

export function subscribe() {
  const first = slot() * 100;
  holdResidentSockets({
    url,
    runId: 'family',
    first,
    count: Math.min(100, subscribers - first),
    connectMs: 5000,
    holdMs: (seconds + 5) * 1000,
  });
}

export function handleSummary(data) {
  return summaryOutputs(data);
}
