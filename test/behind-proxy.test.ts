/**
 * Behind the documented reverse proxy: anonymous socket caps count the client address the proxy
 * saw (TRUST_PROXY, as for HTTP requests), not the proxy itself, and absolute links come from
 * PUBLIC_BASE_URL, never from the Host header a client sent.
 */
import { request } from 'node:http';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SOCKET_LIMITS } from '../server/src/realtime/socket-limits.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const PUBLIC_BASE_URL = 'https://bousai.example.jp';

describe('behind a reverse proxy', () => {
  let t: TestServer;
  const sockets: Socket[] = [];

  /** An anonymous socket as the proxy forwards it: X-Forwarded-For ends with the client's address. */
  function open(forwardedFor: string): Promise<Socket | string> {
    const socket = connect(t.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { 'x-forwarded-for': forwardedFor },
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => resolve(error.message));
    });
  }

  beforeAll(async () => {
    t = await startTestServer({ TRUST_PROXY: '1', PUBLIC_BASE_URL });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
  });

  it('caps anonymous sockets per client address behind the proxy, not per proxy', async () => {
    const cap = DEFAULT_SOCKET_LIMITS.anonymousSocketsPerAddress;
    const held = await Promise.all(Array.from({ length: cap }, () => open('198.51.100.7')));
    expect(held.filter((result) => typeof result === 'string')).toEqual([]);
    expect(await open('198.51.100.7')).toBe('too_many_connections');
    // A client cannot pose as another by writing its own X-Forwarded-For: the proxy appends the
    // address it saw, and only that entry is believed.
    expect(await open('203.0.113.9, 198.51.100.7')).toBe('too_many_connections');
    // Other visitors behind the same proxy still get the public map.
    expect(typeof (await open('198.51.100.8'))).not.toBe('string');
  });

  it('builds the Atom feed’s ids and links from PUBLIC_BASE_URL whatever the Host header says', async () => {
    const feed = await new Promise<string>((resolve, reject) => {
      const url = new URL('/api/alerts/atom', t.url);
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'evil.example' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect(feed).toContain(`<id>${PUBLIC_BASE_URL}/api/alerts/atom</id>`);
    expect(feed).toContain(`href="${PUBLIC_BASE_URL}/api/alerts/atom"`);
    expect(feed).not.toContain('evil.example');
  });
});
