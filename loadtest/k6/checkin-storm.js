/**
 * Check-in storm: READERS card readers on `/readers` (device-key handshake, one socket per VU on
 * k6/ws) tap their shelter's cards, open loop, through the stages of RATES (total taps/s, spread
 * over the readers), like shelters opening all at once. Each tap waits for its acknowledgement,
 * which the server sends only after the tap is committed; `tap_ack` is send → ack.
 *
 * Env (defaults):
 *   BASE_URL=http://127.0.0.1:3000   server (loopback only)
 *   FIXTURES=<file>                   written by `npm run bench` (readers with device keys, cards)
 *   READERS=50                        readers used (at most as many as in FIXTURES)
 *   RATES=250,500,1000                total taps/s of each stage
 *   STAGE_SECONDS=20                  length of each stage
 *   P99_MS=50                         threshold on tap_ack p99 (target: < 50 ms at >= 1,000/s)
 *   SUMMARY_FILE=<file>               end-of-test summary as JSON
 */
import { baseUrl, envInt, readers, readerTaps, stages, summaryOutputs, slot } from './lib/scenarios.js';

const url = baseUrl();
const readerCount = Math.min(envInt('READERS', 50, 1, 1000), readers.length || 1);
const rates = stages(__ENV.RATES || '250,500,1000');
const stageSeconds = envInt('STAGE_SECONDS', 20, 1, 600);
const seconds = rates.length * stageSeconds;
const p99 = envInt('P99_MS', 50, 1, 600000);
const stageAt = (elapsed) => rates[Math.min(rates.length - 1, Math.floor(elapsed / stageSeconds))];

export const options = {
  scenarios: {
    readers: {
      executor: 'per-vu-iterations',
      exec: 'tap',
      vus: readerCount,
      iterations: 1,
      maxDuration: `${seconds + 60}s`,
    },
  },
  thresholds: stageThresholds({
    tap_ack: [`p(99)<${p99}`],
    tap_errors: ['count==0'],
    taps_not_sent: ['count==0'],
  }),
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max', 'count'],
};

/** One sub-metric per stage, so the summary reports each stage's rate and latency. */
function stageThresholds(thresholds) {
  for (const rate of rates) {
    thresholds[`tap_ack{stage:${rate}}`] = [`p(99)<${p99}`];
    thresholds[`taps_acked{stage:${rate}}`] = ['count>=0'];
  }
  return thresholds;
}

export function tap() {
  const reader = readers[slot() % readers.length];
  readerTaps({
    url,
    reader,
    seconds,
    rateAt: (elapsed) => stageAt(elapsed) / readerCount,
    stageAt,
  });
}

export function handleSummary(data) {
  return summaryOutputs(data);
}
