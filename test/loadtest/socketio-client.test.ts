import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  deferredCloseTransport,
  openSocketIo,
  SocketIoClient,
  type WebSocketLike,
} from '../../loadtest/k6/lib/socketio-client.js';
import { socketIoUrl } from '../../loadtest/k6/lib/socketio-protocol.js';

/**
 * The k6 Socket.IO client logic, run under Node with the `ws` package standing in for k6's
 * WebSocket, against a real Socket.IO 4 server configured like ours (cookie auth on `/`, a
 * device-key namespace, connection state recovery, which appends an offset to every event).
 */
let http: HttpServer;
let io: Server;
let url: string;

function waitFor(client: SocketIoClient, event: string, timeoutMs = 5_000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    client.on(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

beforeAll(async () => {
  http = createServer();
  io = new Server(http, {
    serveClient: false,
    // Short pings: a client that does not answer them is dropped within the test.
    pingInterval: 100,
    pingTimeout: 200,
    connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
  });
  io.use((socket, next) => {
    if (socket.handshake.headers.cookie?.includes('sid=good')) next();
    else next(new Error('not signed in'));
  });
  io.on('connection', (socket) => {
    socket.emit('welcome', { user: 'resident-1' });
    socket.on('echo', (payload: unknown, ack: (reply: unknown) => void) => ack({ echoed: payload }));
    socket.on('ask-me', () => {
      socket.emit('question', 'ready?', (answer: unknown) => socket.emit('answer-was', answer));
    });
    socket.on('kick', () => socket.disconnect(true));
    socket.on('chatter', (n: number) => {
      for (let i = 0; i < n; i++) socket.emit('noise', { i });
      socket.emit('after-noise', n);
    });
  });
  const readers = io.of('/readers');
  readers.use((socket, next) => {
    const auth = socket.handshake.auth as { deviceKey?: unknown };
    if (auth.deviceKey === 'key-1') next();
    else next(Object.assign(new Error('reader_unknown'), { data: { id: 'reader_unknown' } }));
  });
  readers.on('connection', (socket) => {
    socket.on('tap', (tap: { cardUid: string }, ack: (result: unknown) => void) => {
      setTimeout(() => ack({ outcome: 'checked_in', cardUid: tap.cardUid }), 5);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = socketIoUrl(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await io.close();
});

const open = (options: Parameters<typeof openSocketIo>[2]) => openSocketIo(WebSocket, url, options);

describe('k6 Socket.IO client against a real Socket.IO server', () => {
  it('connects with the session cookie and receives events (with the recovery offset)', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    const welcome = waitFor(client, 'welcome');
    const [connectData] = await waitFor(client, 'connect');
    expect(client.connected).toBe(true);
    expect(client.handshake?.sid).toEqual(expect.any(String));
    // With connection state recovery the CONNECT reply carries the session id and a private id.
    expect(Object.keys(connectData as object).sort()).toEqual(['pid', 'sid']);
    const args = await welcome;
    expect(args[0]).toEqual({ user: 'resident-1' });
    expect(args[1]).toEqual(expect.any(String)); // offset added by connection state recovery
    client.disconnect();
  });

  it('reports connect_error without a session', async () => {
    const client = open({ headers: {} });
    const [error] = await waitFor(client, 'connect_error');
    expect(error).toMatchObject({ message: 'not signed in' });
    expect(client.connected).toBe(false);
    client.disconnect();
  });

  it('sends events with acknowledgements and matches each ack to its emit', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    await waitFor(client, 'connect');
    const replies = await Promise.all(
      [1, 2, 3].map(
        (n) =>
          new Promise<{ args: unknown[]; ms: number }>((resolve) =>
            client.emitWithAck('echo', [{ n }], (args, ms) => resolve({ args, ms })),
          ),
      ),
    );
    expect(replies.map((r) => r.args)).toEqual([
      [{ echoed: { n: 1 } }],
      [{ echoed: { n: 2 } }],
      [{ echoed: { n: 3 } }],
    ]);
    for (const reply of replies) expect(reply.ms).toBeGreaterThanOrEqual(0);
    expect(client.pendingAckCount).toBe(0);
    client.disconnect();
  });

  it('answers an event the server sent with an ack id', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    await waitFor(client, 'connect');
    client.on('question', (text: string, reply: (answer: string) => void) => reply(`yes to ${text}`));
    const answer = waitFor(client, 'answer-was');
    client.emit('ask-me');
    expect((await answer)[0]).toBe('yes to ready?');
    client.disconnect();
  });

  it('answers pings, so the server keeps the socket past its ping timeout', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    await waitFor(client, 'connect');
    let disconnected = false;
    client.on('disconnect', () => (disconnected = true));
    await new Promise((resolve) => setTimeout(resolve, 700)); // several ping intervals + timeouts
    expect(disconnected).toBe(false);
    const [reply] = await new Promise<unknown[]>((resolve) =>
      client.emitWithAck('echo', ['still here'], resolve),
    );
    expect(reply).toEqual({ echoed: 'still here' });
    client.disconnect();
  });

  it('speaks to a namespace with a device key and times ack round trips', async () => {
    const reader = open({ nsp: '/readers', auth: { deviceKey: 'key-1' } });
    await waitFor(reader, 'connect');
    const result = await new Promise<{ args: unknown[]; ms: number }>((resolve) =>
      reader.emitWithAck('tap', [{ cardUid: '0123ABCD' }], (args, ms) => resolve({ args, ms })),
    );
    expect(result.args).toEqual([{ outcome: 'checked_in', cardUid: '0123ABCD' }]);
    expect(result.ms).toBeGreaterThanOrEqual(4);
    reader.disconnect();

    const stranger = open({ nsp: '/readers', auth: { deviceKey: 'wrong' } });
    const [error] = await waitFor(stranger, 'connect_error');
    expect(error).toMatchObject({ message: 'reader_unknown', data: { id: 'reader_unknown' } });
    stranger.disconnect();
  });

  it('reports a disconnect by the server', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    await waitFor(client, 'connect');
    const gone = waitFor(client, 'disconnect');
    client.emit('kick');
    expect((await gone)[0]).toBe('io server disconnect');
    expect(client.connected).toBe(false);
  });

  it('drops events nobody listens to without parsing them, and still delivers the rest', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    await waitFor(client, 'connect');
    const after = waitFor(client, 'after-noise');
    client.emit('chatter', 25);
    expect((await after)[0]).toBe(25);
    expect(client.framesSkipped).toBeGreaterThanOrEqual(25);
    expect(client.protocolErrors).toBe(0);
    client.disconnect();
  });

  it('closes a socket asked to close while still connecting once it opens, and reports it', async () => {
    const client = open({ headers: { Cookie: 'sid=good' } });
    const gone = waitFor(client, 'disconnect');
    client.disconnect(); // still connecting: the WebSocket is not open yet
    await gone;
    expect(client.connected).toBe(false);
  });
});

describe('closing a WebSocket only once it is open (k6 blocks on close() while connecting)', () => {
  function fakeSocket(readyState: number) {
    const socket = {
      readyState,
      closes: 0,
      sent: [] as string[],
      onopen: undefined as undefined | (() => void),
      onmessage: undefined,
      onclose: undefined,
      onerror: undefined,
      send(text: string) {
        this.sent.push(text);
      },
      close() {
        this.closes++;
      },
    };
    return socket satisfies WebSocketLike;
  }

  it('defers a close asked for while connecting until the socket opens', () => {
    const socket = fakeSocket(0);
    const transport = deferredCloseTransport(socket);
    transport.close();
    expect(socket.closes).toBe(0);
    socket.readyState = 1;
    socket.onopen?.();
    expect(socket.closes).toBe(1);
  });

  it('closes an open socket at once and leaves a closing or closed one alone', () => {
    const open = fakeSocket(1);
    deferredCloseTransport(open).close();
    expect(open.closes).toBe(1);
    for (const state of [2, 3]) {
      const socket = fakeSocket(state);
      deferredCloseTransport(socket).close();
      expect(socket.closes).toBe(0);
    }
  });

  it('reads a readyState handed over as an object, as k6 does', () => {
    const socket = fakeSocket(1) as Omit<ReturnType<typeof fakeSocket>, 'readyState'> & {
      readyState: unknown;
    };
    socket.readyState = new Number(1);
    deferredCloseTransport(socket as WebSocketLike).close();
    expect(socket.closes).toBe(1);
  });

  it('does not close a socket that opens when no close was asked for', () => {
    const socket = fakeSocket(0);
    deferredCloseTransport(socket);
    socket.readyState = 1;
    socket.onopen?.();
    expect(socket.closes).toBe(0);
  });

  it('ignores frames after the client closed', () => {
    const socket = fakeSocket(1);
    const client = new SocketIoClient(deferredCloseTransport(socket));
    const seen: unknown[] = [];
    client.on('inbox:new', (event: unknown) => seen.push(event));
    client.handleFrame('0{"sid":"a"}');
    client.handleFrame('40{"sid":"b"}');
    client.handleFrame('42["inbox:new",{"n":1}]');
    client.disconnect();
    client.handleFrame('42["inbox:new",{"n":2}]');
    expect(seen).toEqual([{ n: 1 }]);
  });
});
