/**
 * Engine.IO v4 / Socket.IO v5 framing over a plain WebSocket, as pure functions. Shared by the k6
 * scripts and the Node tests (plain ES module, no k6 or Node imports).
 *
 * Engine.IO packet = one type digit + data:   0 open · 1 close · 2 ping · 3 pong · 4 message.
 * Socket.IO packet (inside an Engine.IO message) = type digit [+ "/nsp,"] [+ ack id] [+ JSON]:
 *   0 CONNECT · 1 DISCONNECT · 2 EVENT · 3 ACK · 4 CONNECT_ERROR.
 * Examples: `40/readers,{"deviceKey":"…"}`, `42["inbox:new",{…}]`, `4217["tap",{…}]`, `4317[{…}]`.
 *
 * The k6 scripts stay within the syntax k6 0.48's Babel accepts: no `??`, `?.`, object spread,
 * `catch` without a binding or numeric separators.
 */

export const ENGINE = { OPEN: '0', CLOSE: '1', PING: '2', PONG: '3', MESSAGE: '4' };
export const PACKET = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4 };

/** The WebSocket URL of a Socket.IO server at `baseUrl` (http(s) or ws(s)). */
export function socketIoUrl(baseUrl, path = '/socket.io/') {
  const ws = baseUrl.replace(/^http/, 'ws').replace(/\/$/, '');
  return `${ws}${path}?EIO=4&transport=websocket`;
}

/** One Socket.IO packet as the Engine.IO message text to send. */
export function encodePacket(packet) {
  let text = ENGINE.MESSAGE + String(packet.type);
  if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
  if (packet.id !== undefined && packet.id !== null) text += String(packet.id);
  if (packet.data !== undefined) text += JSON.stringify(packet.data);
  return text;
}

export const encodeConnect = (nsp = '/', auth) => encodePacket({ type: PACKET.CONNECT, nsp, data: auth });
export const encodeDisconnect = (nsp = '/') => encodePacket({ type: PACKET.DISCONNECT, nsp });
export const encodeEvent = (nsp, event, args, id) =>
  encodePacket({ type: PACKET.EVENT, nsp, id, data: [event, ...args] });
export const encodeAck = (nsp, id, args) => encodePacket({ type: PACKET.ACK, nsp, id, data: args });

/**
 * Parses one WebSocket text frame. Returns `{ engine: 'open', handshake }`, `{ engine: 'ping' }`,
 * `{ engine: 'pong' }`, `{ engine: 'close' }`, `{ engine: 'message', packet }` or
 * `{ engine: 'invalid', reason }`. Never throws.
 */
export function decodeFrame(text) {
  if (typeof text !== 'string' || text.length === 0) return { engine: 'invalid', reason: 'empty frame' };
  const type = text[0];
  const rest = text.slice(1);
  switch (type) {
    case ENGINE.OPEN: {
      const handshake = parseJson(rest);
      if (!handshake.ok || !handshake.value || typeof handshake.value.sid !== 'string')
        return { engine: 'invalid', reason: 'bad open packet' };
      return { engine: 'open', handshake: handshake.value };
    }
    case ENGINE.CLOSE:
      return { engine: 'close' };
    case ENGINE.PING:
      return { engine: 'ping', data: rest };
    case ENGINE.PONG:
      return { engine: 'pong', data: rest };
    case ENGINE.MESSAGE: {
      const packet = decodePacket(rest);
      return 'reason' in packet
        ? { engine: 'invalid', reason: packet.reason }
        : { engine: 'message', packet };
    }
    default:
      return { engine: 'invalid', reason: `unknown engine packet type ${type}` };
  }
}

/** Parses a Socket.IO packet (the text after the Engine.IO `4`). */
export function decodePacket(text) {
  const type = Number(text[0]);
  if (!(type >= 0 && type <= 6) || text.length === 0) return { reason: 'bad packet type' };
  if (type === 5 || type === 6) return { reason: 'binary packets are not supported' };
  let i = 1;
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    if (comma === -1) {
      // `1/readers` (disconnect) carries no comma when nothing follows.
      return { type, nsp: text.slice(i), id: undefined, data: undefined };
    }
    nsp = text.slice(i, comma);
    i = comma + 1;
  }
  let digits = '';
  while (i < text.length && text[i] >= '0' && text[i] <= '9') digits += text[i++];
  const id = digits === '' ? undefined : Number(digits);
  let data;
  if (i < text.length) {
    const parsed = parseJson(text.slice(i));
    if (!parsed.ok) return { reason: 'bad packet payload' };
    data = parsed.value;
  }
  if ((type === PACKET.EVENT || type === PACKET.ACK) && !Array.isArray(data))
    return { reason: 'event or ack without an argument array' };
  if (type === PACKET.EVENT && typeof data[0] !== 'string') return { reason: 'event without a name' };
  return { type, nsp, id, data };
}

/**
 * The namespace, ack id and event name of an EVENT frame (`42…`), read without parsing its JSON
 * payload, so a client can drop events nobody listens to for the price of a few character
 * comparisons. Undefined when the frame is not an EVENT or its name is not a plain JSON string
 * (escapes): the caller then decodes it in full.
 */
export function peekEvent(text) {
  if (typeof text !== 'string' || text[0] !== ENGINE.MESSAGE || text[1] !== '2') return undefined;
  let i = 2;
  let nsp = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    if (comma === -1) return undefined;
    nsp = text.slice(i, comma);
    i = comma + 1;
  }
  let digits = '';
  while (i < text.length && text[i] >= '0' && text[i] <= '9') digits += text[i++];
  if (text[i] !== '[' || text[i + 1] !== '"') return undefined;
  const end = text.indexOf('"', i + 2);
  if (end === -1) return undefined;
  const name = text.slice(i + 2, end);
  if (name.indexOf('\\') !== -1) return undefined;
  return { nsp, id: digits === '' ? undefined : Number(digits), name };
}

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (_error) {
    return { ok: false };
  }
}

/** A random RFC 4122 version-4 UUID (load-test ids, not secrets). */
export function uuidV4(random = Math.random) {
  const hex = [];
  for (let i = 0; i < 16; i++) hex.push(Math.floor(random() * 256));
  hex[6] = (hex[6] & 0x0f) | 0x40;
  hex[8] = (hex[8] & 0x3f) | 0x80;
  const h = hex.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
