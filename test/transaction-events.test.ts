import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../server/src/db/database.js';
import type { RealtimeServer } from '../server/src/realtime/socket-server.js';
import { transactionWithEvents, withEvents } from '../server/src/realtime/transaction.js';
import { openTestDatabase } from './support/database.js';

const ROOM = 'user:listener';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events leave with the commit of the change that produced them, never with a rollback. */
describe('transactions that own their events', () => {
  let db: Database;
  const http = createServer();
  const io = new Server(http) as unknown as RealtimeServer;
  let client: Socket;
  const heard: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    io.on('connection', (socket) => void socket.join(ROOM));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    client = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
    client.on('alert:expired', (event: { alertId: string }) => heard.push(event.alertId));
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    // Joining happens in the connection handler, after the client has heard it is connected.
    await pause(50);
  });
  afterAll(async () => {
    client.disconnect();
    await io.close();
    await db.close();
  });

  const expired = (alertId: string) => ({ alertId, lineageId: alertId, expiredAt: new Date().toISOString() });

  it('sends the events once the transaction has committed, not before', async () => {
    let heardBeforeCommit: string[] = [];
    const result = await transactionWithEvents(db, io, async (tx, outbox) => {
      await tx.query('SELECT 1');
      outbox.add(ROOM, 'alert:expired', expired('committed'));
      await pause(150);
      heardBeforeCommit = [...heard];
      return 'done';
    });
    expect(result).toBe('done');
    expect(heardBeforeCommit).toEqual([]);
    await expect.poll(() => heard).toEqual(['committed']);
  });

  it('sends nothing when the work throws and the transaction rolls back', async () => {
    heard.length = 0;
    const failing = transactionWithEvents(db, io, async (tx, outbox) => {
      await tx.query(`CREATE TEMP TABLE rolled_back (id int) ON COMMIT DROP`);
      outbox.add(ROOM, 'alert:expired', expired('rolled back'));
      throw new Error('refused');
    });
    await expect(failing).rejects.toThrow('refused');
    await pause(200);
    expect(heard).toEqual([]);
    // The write went with the rollback, so did its event.
    const { rows } = await db.query<{ name: string | null }>(
      `SELECT to_regclass('rolled_back')::text AS name`,
    );
    expect(rows[0]!.name).toBeNull();
  });

  it('sends nothing when the commit itself fails', async () => {
    heard.length = 0;
    const failing = transactionWithEvents(db, io, async (tx, outbox) => {
      // A deferred key is checked at COMMIT: the work succeeds, the commit does not.
      await tx.query(
        `CREATE TEMP TABLE deferred_once (id int PRIMARY KEY DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP`,
      );
      await tx.query('INSERT INTO deferred_once VALUES (1), (1)');
      outbox.add(ROOM, 'alert:expired', expired('commit failed'));
    });
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    await pause(200);
    expect(heard).toEqual([]);
  });

  it('runs the committed hook between the commit and the events', async () => {
    heard.length = 0;
    let heardAtCommit: string[] | null = null;
    await transactionWithEvents(
      db,
      io,
      async (_tx, outbox) => {
        outbox.add(ROOM, 'alert:expired', expired('after hook'));
        await Promise.resolve();
      },
      { committed: () => (heardAtCommit = [...heard]) },
    );
    expect(heardAtCommit).toEqual([]);
    await expect.poll(() => heard).toEqual(['after hook']);
  });

  it('outside a transaction: events go out when the work finishes, never when it throws', async () => {
    heard.length = 0;
    await expect(
      withEvents(io, async (outbox) => {
        outbox.add(ROOM, 'alert:expired', expired('thrown'));
        await Promise.resolve();
        throw new Error('not found');
      }),
    ).rejects.toThrow('not found');
    await withEvents(io, async (outbox) => {
      outbox.add(ROOM, 'alert:expired', expired('finished'));
      await Promise.resolve();
    });
    await expect.poll(() => heard).toEqual(['finished']);
    await pause(100);
    expect(heard).toEqual(['finished']);
  });
});
