import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedClientAddress } from './client-address.js';

/** Both answers for one request: Express's `req.ip` and ours, under the same TRUST_PROXY. */
describe('trustedClientAddress', () => {
  const servers: ReturnType<express.Express['listen']>[] = [];
  const urls = new Map<number, string>();

  beforeAll(async () => {
    for (const hops of [0, 1, 2]) {
      const app = express();
      app.set('trust proxy', hops);
      app.get('/', (req, res) => {
        res.json({ express: req.ip, ours: trustedClientAddress(req, hops) });
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      urls.set(hops, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    }
  });

  afterAll(() => {
    for (const server of servers) server.close();
  });

  const headers = [
    undefined,
    '198.51.100.7',
    '203.0.113.9, 198.51.100.7',
    '203.0.113.9,198.51.100.7 , 192.0.2.1',
    ' , 198.51.100.7',
  ];

  it.each([0, 1, 2])('agrees with Express’s req.ip with trust proxy %i', async (hops) => {
    for (const forwardedFor of headers) {
      const response = await fetch(urls.get(hops)!, {
        headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
      });
      const { express: expected, ours } = (await response.json()) as { express: string; ours: string };
      expect(ours, `X-Forwarded-For: ${forwardedFor}`).toBe(expected);
    }
  });
});
