/**
 * The workloads the k6 scripts combine. Each function is one VU's work in one scenario; the
 * scripts choose the numbers. Bench fixtures (session ids, device keys, the warning polygon) come
 * from the JSON file `npm run bench` writes (env FIXTURES); nothing is created over the API.
 */
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import { Counter, Trend } from 'k6/metrics';
import { clearTimeout, setTimeout } from 'k6/experimental/timers';
import { connectSocketIo, openSocketIo } from './socketio.js';
import { uuidV4 } from './socketio-protocol.js';
import { issuedAtOf, warningDocument } from './warning.js';

/**
 * This VU's slot in its scenario, 0-based: with one iteration per VU, the iteration number in the
 * scenario (`__VU` counts across all scenarios, so it cannot index a scenario's share).
 */
export const slot = () => exec.scenario.iterationInTest;

/** Integer env var with a default and bounds, so every script stops by itself. */
export function envInt(name, fallback, min, max) {
  const raw = __ENV[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be an integer in ${min}..${max} (got ${raw})`);
  return value;
}

/** BASE_URL, refused unless it is loopback: load goes nowhere else. */
export function baseUrl(name = 'BASE_URL') {
  const url = __ENV[name] || 'http://127.0.0.1:3000';
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(url))
    throw new Error(`${name} must be http://127.0.0.1:<port> (loopback only), got ${url}`);
  return url;
}

const fixtures = __ENV.FIXTURES ? JSON.parse(open(__ENV.FIXTURES)) : undefined;
const need = (part) => {
  if (!fixtures || !fixtures[part])
    throw new Error(`FIXTURES (a file written by npm run bench) must hold ${part}`);
  return fixtures[part];
};
export const residents = new SharedArray('residents', () => (fixtures ? fixtures.residents || [] : []));
export const readers = new SharedArray('readers', () => (fixtures ? fixtures.readers || [] : []));
export const fixture = (part) => need(part);

export const metrics = {
  fanoutLatency: new Trend('fanout_latency', true),
  fanoutReceived: new Counter('fanout_received'),
  fanoutDuplicates: new Counter('fanout_duplicates'),
  warningsIssued: new Counter('warnings_issued'),
  warningsTargeted: new Counter('warnings_pushed'),
  socketConnects: new Counter('socket_connects'),
  socketConnectErrors: new Counter('socket_connect_errors'),
  socketConnectTimeouts: new Counter('socket_connect_timeouts'),
  socketsUnconnectedAtClose: new Counter('sockets_unconnected_at_close'),
  socketConnectTime: new Trend('socket_connect_time', true),
  reconnects: new Counter('socket_reconnects'),
  reconnectTime: new Trend('socket_reconnect_time', true),
  catchupReceived: new Counter('warning_via_catchup'),
  pushReceived: new Counter('warning_via_push'),
  tapAck: new Trend('tap_ack', true),
  tapsAcked: new Counter('taps_acked'),
  tapErrors: new Counter('tap_errors'),
  tapsNotSent: new Counter('taps_not_sent'),
  familySubscribed: new Trend('family_subscribed_time', true),
};

const sessionHeaders = (resident) => ({ Cookie: `sid=${resident.sid}` });

/**
 * Holds resident sockets `first … first+count-1` open until `closeAtMs` (or for `holdMs`), opened
 * evenly over `connectMs`. Every `inbox:new` of this run's bench warnings is timed from its issue
 * time (in the headline). With `reconnect`, a socket that drops is reopened (jittered backoff) and
 * catches up from its inbox position over HTTP, as the resident portal does; each resident counts
 * the warning once.
 *
 * Every socket ends by the close time, so the VU always ends: a socket not connected within
 * `connectTimeoutMs` is given up (`socket_connect_timeouts`), and at the close time every socket
 * is closed, those still connecting included (`sockets_unconnected_at_close`).
 */
export function holdResidentSockets({
  url,
  runId,
  first,
  count,
  connectMs,
  holdMs,
  closeAtMs,
  connectTimeoutMs = 20000,
  reconnect = false,
}) {
  const started = Date.now();
  const closeAt = closeAtMs || started + holdMs;
  const sockets = [];
  const limits = { closeAt, connectTimeoutMs, reconnect };
  for (let k = 0; k < count; k++) {
    const resident = residents[(first + k) % residents.length];
    const state = { resident, lastPosition: 0, seen: {}, client: undefined, droppedAt: undefined };
    sockets.push(state);
    setTimeout(() => openResident(url, runId, state, limits), Math.floor((k * connectMs) / count));
  }
  setTimeout(
    () => {
      for (const s of sockets) {
        s.closing = true;
        if (!s.client) continue;
        if (!s.client.connected && s.client.state !== 'closed') metrics.socketsUnconnectedAtClose.add(1);
        s.client.disconnect();
      }
    },
    Math.max(0, closeAt - Date.now()),
  );
}

function received(state, runId, headline, via) {
  const issuedAt = issuedAtOf(headline, runId);
  if (issuedAt === undefined) return;
  if (state.seen[issuedAt]) {
    if (via === 'push') metrics.fanoutDuplicates.add(1);
    return;
  }
  state.seen[issuedAt] = true;
  metrics.fanoutReceived.add(1);
  if (via === 'push') {
    metrics.pushReceived.add(1);
    metrics.fanoutLatency.add(Date.now() - issuedAt);
  } else metrics.catchupReceived.add(1);
}

function openResident(url, runId, state, limits) {
  const { closeAt, connectTimeoutMs, reconnect } = limits;
  if (state.closing || Date.now() >= closeAt) return;
  const openedAt = Date.now();
  const client = openSocketIo(url, { headers: sessionHeaders(state.resident) });
  state.client = client;
  let connected = false;
  // Each try ends once, whichever comes first: refused, timed out, a close or an error.
  let ended = false;
  const endTry = (reason) => {
    if (ended) return;
    ended = true;
    clearTimeout(giveUp);
    if (!connected) metrics.socketConnectErrors.add(1, { reason });
    if (!reconnect || state.closing) return;
    if (state.droppedAt === undefined) state.droppedAt = Date.now();
    // Jittered backoff so thousands of residents do not all knock at the same millisecond.
    setTimeout(() => openResident(url, runId, state, limits), 500 + Math.floor(Math.random() * 2500));
  };
  const giveUp = setTimeout(
    () => {
      if (connected || ended || state.closing) return;
      metrics.socketConnectTimeouts.add(1);
      endTry('timeout');
      client.disconnect();
    },
    Math.max(1, Math.min(connectTimeoutMs, closeAt - openedAt)),
  );
  client.on('connect', () => {
    if (ended) return;
    connected = true;
    clearTimeout(giveUp);
    metrics.socketConnects.add(1);
    metrics.socketConnectTime.add(Date.now() - openedAt);
    if (state.droppedAt !== undefined) {
      metrics.reconnects.add(1);
      metrics.reconnectTime.add(Date.now() - state.droppedAt);
      state.droppedAt = undefined;
    }
    if (reconnect) catchUp(url, runId, state);
  });
  client.on('connect_error', () => {
    endTry('refused by the server');
    client.disconnect();
  });
  client.on('family:subscribed', () => metrics.familySubscribed.add(Date.now() - openedAt));
  // The push's position is the highest of the send that wrote it, not this resident's entry: only
  // entries fetched by catchUp advance lastPosition (as in the portal), so none is skipped.
  client.on('inbox:new', (event) => received(state, runId, event && event.headline, 'push'));
  client.on('disconnect', () => endTry('transport'));
  client.on('error', () => {
    if (!connected) endTry('transport');
  });
}

/** `GET /api/me/inbox?after=<last seen>`: what the portal does after every (re)connect. */
function catchUp(url, runId, state) {
  for (let page = 0; page < 20; page++) {
    const response = http.get(`${url}/api/me/inbox?after=${state.lastPosition}&limit=100`, {
      headers: sessionHeaders(state.resident),
      tags: { name: 'GET /api/me/inbox' },
    });
    if (response.status !== 200) return;
    const body = response.json();
    for (const entry of body.entries) {
      received(state, runId, entry.alert && entry.alert.headline, 'catchup');
    }
    if (body.last > state.lastPosition) state.lastPosition = body.last;
    if (body.entries.length < 100) return;
  }
}

/** HQ issues one bench warning over the area of the bench residents (`POST /api/alerts`). */
export function issueWarning({ url, runId, polygon, sequence = 0 }) {
  const hq = need('hq');
  const issuedAtMs = Date.now();
  const response = http.post(
    `${url}/api/alerts`,
    JSON.stringify(warningDocument({ runId, issuedAtMs, polygon, sequence })),
    {
      headers: { Cookie: `sid=${hq.sid}`, 'X-CSRF-Token': hq.csrf, 'Content-Type': 'application/json' },
      tags: { name: 'POST /api/alerts' },
      timeout: '120s',
    },
  );
  const ok = check(response, { 'warning issued (201)': (r) => r.status === 201 });
  if (ok) {
    metrics.warningsIssued.add(1);
    metrics.warningsTargeted.add(response.json('pushed'));
  }
  return ok;
}

/**
 * One card reader on `/readers` (k6/ws, one socket per VU) tapping its own cards at the rate
 * `rateAt(elapsedSeconds)` (taps/s for this reader) for `seconds`; `stageAt(elapsedSeconds)` tags each tap. Open loop: taps leave on
 * schedule whether or not earlier ones were answered, at most one in flight per card.
 */
export function readerTaps({ url, reader, seconds, rateAt, stageAt = () => 'all', ackTimeoutMs = 30000 }) {
  const cards = reader.cardUids.map((uid) => ({ uid, inside: false, busy: false }));
  let next = 0;
  connectSocketIo(url, { nsp: '/readers', auth: { deviceKey: reader.deviceKey } }, (client, socket) => {
    let sent = 0;
    let start = 0;
    let due = 0;
    client.on('connect_error', () => {
      metrics.tapErrors.add(1);
      socket.close();
    });
    client.on('connect', () => {
      start = Date.now();
      socket.setInterval(() => {
        const elapsed = (Date.now() - start) / 1000;
        if (elapsed >= seconds) {
          if (client.pendingAckCount === 0 || elapsed >= seconds + ackTimeoutMs / 1000) {
            metrics.tapErrors.add(client.pendingAckCount);
            client.disconnect();
          }
          return;
        }
        due += (rateAt(elapsed) * 10) / 1000;
        while (sent < Math.floor(due)) {
          sent++;
          const card = pickCard(cards, next);
          if (!card) {
            metrics.tapsNotSent.add(1);
            continue;
          }
          next = (cards.indexOf(card) + 1) % cards.length;
          card.busy = true;
          const tags = { stage: String(stageAt(elapsed)) };
          const tap = {
            eventId: uuidV4(),
            cardUid: card.uid,
            tappedAt: new Date().toISOString(),
            direction: card.inside ? 'out' : 'in',
          };
          client.emitWithAck('tap', [tap], (args, ms) => {
            card.busy = false;
            const result = args[0] || {};
            if (result.outcome === 'checked_in') card.inside = true;
            else if (result.outcome === 'checked_out') card.inside = false;
            else {
              metrics.tapErrors.add(1, tags);
              return;
            }
            metrics.tapsAcked.add(1, tags);
            metrics.tapAck.add(ms, tags);
          });
        }
      }, 10);
    });
  });
}

function pickCard(cards, from) {
  for (let i = 0; i < cards.length; i++) {
    const card = cards[(from + i) % cards.length];
    if (!card.busy) return card;
  }
  return undefined;
}

/** One family lookup by a random bench resident: `GET /api/me/family` (logged reads). */
export function familyLookup(url) {
  const resident = residents[Math.floor(Math.random() * residents.length)];
  const response = http.get(`${url}/api/me/family`, {
    headers: sessionHeaders(resident),
    tags: { name: 'GET /api/me/family' },
  });
  check(response, {
    'family list (200)': (r) => r.status === 200,
    'family has members': (r) => r.status === 200 && r.json('members.length') > 0,
  });
}

/** A stage list `"250,500,1000"` as taps/s per stage. */
export function stages(text) {
  return String(text)
    .split(',')
    .map((s) => Number(s))
    .filter((n) => Number.isFinite(n) && n > 0);
}

/** k6 end-of-test summary: the JSON for run-bench (SUMMARY_FILE) and a short text on stdout. */
export function summaryOutputs(data) {
  const lines = [];
  for (const [name, metric] of Object.entries(data.metrics)) {
    const v = metric.values;
    const shown =
      metric.type === 'trend'
        ? `p50=${fmt(v.med)} p95=${fmt(v['p(95)'])} p99=${fmt(v['p(99)'])} max=${fmt(v.max)} n=${v.count}`
        : metric.type === 'counter'
          ? `count=${v.count} rate=${fmt(v.rate)}/s`
          : metric.type === 'rate'
            ? `rate=${fmt(v.rate)}`
            : `value=${fmt(v.value)}`;
    const failed = Object.values(metric.thresholds || {}).some((t) => !t.ok);
    lines.push(`${failed ? '✗' : ' '} ${name.padEnd(28)} ${shown}`);
  }
  const out = { stdout: `${lines.join('\n')}\n` };
  if (__ENV.SUMMARY_FILE) out[__ENV.SUMMARY_FILE] = JSON.stringify(data, null, 2);
  return out;
}

const fmt = (n) => (typeof n === 'number' ? Math.round(n * 100) / 100 : n);
