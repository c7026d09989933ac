import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeServer } from './socket-server.js';
import { withEvents } from './transaction.js';

describe('Outbox', () => {
  const http = createServer();
  const io = new Server(http) as unknown as RealtimeServer;
  const clients: Socket[] = [];
  const received: string[][] = [[], []];

  beforeAll(async () => {
    io.on('connection', (socket) => {
      void socket.join(`user:${String(socket.handshake.auth.n)}`);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    for (const n of [0, 1]) {
      const client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { n } });
      client.on('session:expired', () => received[n]!.push('session:expired'));
      await new Promise<void>((resolve) => client.once('connect', () => resolve()));
      clients.push(client);
    }
    // Joining happens in the connection handler, after the client has heard it is connected.
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await io.close();
  });

  it('sends to nobody for no rooms (Socket.IO alone would read that as everyone)', async () => {
    await withEvents(io, async (outbox) => {
      outbox.add([], 'session:expired');
      outbox.addForResidents([], 'session:expired');
      outbox.add(['user:1'], 'session:expired');
      await Promise.resolve();
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([[], ['session:expired']]);
  });
});
