/**
 * Reconnect storm: SOCKETS signed-in residents are connected; the orchestrator (`npm run bench`)
 * restarts the server mid-test and, while it is down, HQ issues a warning through another node.
 * Every resident socket reconnects (jittered backoff) and catches up from its inbox position
 * (`GET /api/me/inbox?after=`), as the portal does. Passes when every resident received the
 * warning once (`fanout_received` = SOCKETS), whether by push or by catch-up.
 *
 * Env (defaults):
 *   BASE_URL=http://127.0.0.1:3000   server (loopback only)
 *   FIXTURES=<file>                   written by `npm run bench`
 *   RUN_ID=<id>                       the orchestrator's warning carries it (required)
 *   SOCKETS=5000                      resident sockets (1..20000)
 *   SOCKETS_PER_VU=200                sockets each VU holds
 *   CONNECT_SECONDS=25                sockets are opened evenly over this time
 *   HOLD_SECONDS=120                  total time sockets are kept (restart happens inside it)
 *   P99_RECONNECT_MS=30000            threshold on time from drop to reconnected
 *   SUMMARY_FILE=<file>               end-of-test summary as JSON
 */
import { baseUrl, envInt, holdResidentSockets, summaryOutputs, slot } from './lib/scenarios.js';

const url = baseUrl();
const runId = __ENV.RUN_ID;
if (!runId) throw new Error('RUN_ID is required: the warning issued during the outage carries it');
const sockets = envInt('SOCKETS', 5000, 1, 20000);
const perVu = envInt('SOCKETS_PER_VU', 200, 1, 2000);
const connectSeconds = envInt('CONNECT_SECONDS', 25, 1, 600);
const holdSeconds = envInt('HOLD_SECONDS', 120, 10, 1800);

export const options = {
  scenarios: {
    residents: {
      executor: 'per-vu-iterations',
      exec: 'residents',
      vus: Math.ceil(sockets / perVu),
      iterations: 1,
      maxDuration: `${holdSeconds + 60}s`,
    },
  },
  thresholds: {
    fanout_received: [`count>=${sockets}`],
    fanout_duplicates: ['count==0'],
    socket_reconnect_time: [`p(99)<${envInt('P99_RECONNECT_MS', 30000, 1, 600000)}`],
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
    holdMs: holdSeconds * 1000,
    reconnect: true,
  });
}

export function handleSummary(data) {
  return summaryOutputs(data);
}
