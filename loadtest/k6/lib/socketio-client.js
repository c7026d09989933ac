/**
 * A Socket.IO v5 client over any WebSocket-like transport, for one namespace: the Engine.IO
 * handshake, namespace connect with an auth payload, events, acknowledgements both ways, ping →
 * pong. Transport-agnostic so the same code runs in k6 (k6/ws or k6/experimental/websockets) and
 * under Node in the tests (the `ws` package).
 *
 * The transport calls `handleFrame(text)` for each text frame and `handleClose()` when it closes;
 * the client calls `send(text)` and `close()` of the transport.
 */
import {
  decodeFrame,
  encodeAck,
  encodeConnect,
  encodeDisconnect,
  encodeEvent,
  ENGINE,
  PACKET,
  peekEvent,
} from './socketio-protocol.js';

export class SocketIoClient {
  /**
   * @param {{ send(text: string): void, close(): void }} transport
   * @param {{ nsp?: string, auth?: object, now?: () => number }} [options]
   */
  constructor(transport, options = {}) {
    this.transport = transport;
    this.nsp = options.nsp || '/';
    this.auth = options.auth;
    this.now = options.now || (() => Date.now());
    this.state = 'opening'; // opening → engine-open → connected → closed
    this.handshake = undefined;
    this.sid = undefined;
    this.nextAckId = 0;
    this.pendingAcks = new Map();
    this.handlers = new Map();
    this.protocolErrors = 0;
    /** Events dropped unparsed because nothing listens to them (see handleFrame). */
    this.framesSkipped = 0;
  }

  /** `connect`, `connect_error`, `disconnect`, `error`, or any server event name. */
  on(event, handler) {
    const list = this.handlers.get(event) || [];
    list.push(handler);
    this.handlers.set(event, list);
    return this;
  }

  get connected() {
    return this.state === 'connected';
  }

  /** Fire-and-forget event. */
  emit(event, ...args) {
    this.transport.send(encodeEvent(this.nsp, event, args));
  }

  /**
   * Event with an acknowledgement: `onAck(args, elapsedMs)` runs when the server acknowledges.
   * Returns the ack id; `pendingAckCount` says how many are still waiting.
   */
  emitWithAck(event, args, onAck) {
    const id = this.nextAckId++;
    this.pendingAcks.set(id, { onAck, sentAt: this.now() });
    this.transport.send(encodeEvent(this.nsp, event, args, id));
    return id;
  }

  get pendingAckCount() {
    return this.pendingAcks.size;
  }

  /** Leaves the namespace and closes the transport. */
  disconnect() {
    if (this.state === 'connected') this.transport.send(encodeDisconnect(this.nsp));
    this.state = 'closed';
    this.transport.close();
  }

  /**
   * One text frame from the server. An event without an ack id that no handler listens to is
   * dropped before its JSON is parsed: a load generator holding thousands of sockets on the cores
   * it shares with the server should spend them on what it measures.
   */
  handleFrame(text) {
    if (this.state === 'closed') return;
    const head = peekEvent(text);
    if (head && head.id === undefined && (head.nsp !== this.nsp || !this.handlers.has(head.name))) {
      this.framesSkipped++;
      return;
    }
    const frame = decodeFrame(text);
    switch (frame.engine) {
      case 'open':
        this.handshake = frame.handshake;
        this.state = 'engine-open';
        this.transport.send(encodeConnect(this.nsp, this.auth));
        return;
      case 'ping':
        // Engine.IO v4: the server pings, the client answers; a missing pong closes the socket.
        this.transport.send(ENGINE.PONG + frame.data);
        return;
      case 'pong':
        return;
      case 'close':
        this.handleClose('server close');
        return;
      case 'message':
        this.handlePacket(frame.packet);
        return;
      default:
        this.protocolErrors++;
        this.fire('error', frame.reason);
    }
  }

  /** The transport closed (either side). */
  handleClose(reason = 'transport close') {
    if (this.state === 'closed' && this.closedReported) return;
    this.state = 'closed';
    this.closedReported = true;
    this.pendingAcks.clear();
    this.fire('disconnect', reason);
  }

  handlePacket(packet) {
    if (packet.nsp !== this.nsp) return;
    switch (packet.type) {
      case PACKET.CONNECT:
        this.state = 'connected';
        this.sid = packet.data && packet.data.sid;
        this.fire('connect', packet.data);
        return;
      case PACKET.CONNECT_ERROR:
        this.fire('connect_error', packet.data);
        return;
      case PACKET.DISCONNECT:
        this.state = 'closed';
        this.closedReported = true;
        this.fire('disconnect', 'io server disconnect');
        this.transport.close();
        return;
      case PACKET.EVENT: {
        const [event, ...args] = packet.data;
        if (packet.id !== undefined) {
          // The server asked for an acknowledgement: the last handler argument answers it.
          let answered = false;
          args.push((...reply) => {
            if (answered) return;
            answered = true;
            this.transport.send(encodeAck(this.nsp, packet.id, reply));
          });
        }
        this.fire(event, ...args);
        return;
      }
      case PACKET.ACK: {
        const pending = this.pendingAcks.get(packet.id);
        if (!pending) return;
        this.pendingAcks.delete(packet.id);
        pending.onAck(packet.data, this.now() - pending.sentAt);
        return;
      }
      default:
        return;
    }
  }

  fire(event, ...args) {
    const list = this.handlers.get(event);
    if (!list) return;
    for (const handler of list) handler(...args);
  }
}

/**
 * Opens a client on a WebSocket-API constructor: k6/experimental/websockets' `WebSocket` in k6
 * (many sockets per VU), `ws`' `WebSocket` under Node. Both take `(url, protocols, { headers })`.
 */
export function openSocketIo(WebSocketImpl, url, options = {}) {
  const socket = new WebSocketImpl(url, [], { headers: options.headers || {} });
  const client = new SocketIoClient(deferredCloseTransport(socket), {
    nsp: options.nsp,
    auth: options.auth,
    now: options.now,
  });
  socket.onmessage = (event) => client.handleFrame(String(event.data));
  socket.onclose = () => client.handleClose();
  socket.onerror = (event) => client.fire('error', event.error || event.message || 'websocket error');
  return client;
}

const CONNECTING = 0;
const OPEN = 1;

/**
 * The transport over a WebSocket-API socket, closing it only once it is open. k6 0.48's
 * `k6/experimental/websockets` blocks the VU's event loop for good when `close()` is called on a
 * socket still connecting (the close waits for a writer that starts only after the handshake, and
 * a handshake that then fails never starts it), so a VU with sockets still opening at its deadline
 * never ended. A close asked for while connecting is remembered and done on `open`; a handshake
 * that fails ends the socket by itself (k6 gives up a handshake after 60 s).
 */
export function deferredCloseTransport(socket) {
  let closeWhenOpen = false;
  socket.onopen = () => {
    if (closeWhenOpen) socket.close();
  };
  return {
    send: (text) => socket.send(text),
    close: () => {
      // k6 hands readyState over as an object wrapping the number: compare it as a number.
      const state = Number(socket.readyState);
      if (state === CONNECTING) closeWhenOpen = true;
      else if (state === OPEN) socket.close();
    },
  };
}
