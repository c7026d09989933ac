import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../geo/src/geometry.js';
import { writeInboxEntries, type WrittenEntries } from '../server/src/modules/alerts/alerts.queries.js';
import { lockInboxWriters, writePendingEntries } from '../server/src/modules/inbox/inbox-writers.js';
import { buildAlertRow } from './support/cap-alerts.js';
import { buildResidentsAt, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/**
 * A warning commits its entries as pending sets and writes their rows after its push (migration
 * 0024). These tests stop a send between the two, as a crash would, and check that nothing a
 * resident or another writer does can tell: reads, receipts and answers find the entries at the
 * positions the push named, and no entry ever appears above a pending one.
 */
describe('warning entries pending between the commit and their rows', () => {
  let t: TestServer;
  const O: Position = [150 + randomInt(1000) / 100, 30 + randomInt(500) / 100];
  const at = (dx: number, dy: number): Position => [O[0] + dx, O[1] + dy];
  const ring = (x0: number, x1: number): Position[] => [
    at(x0, 0),
    at(x1, 0),
    at(x1, 0.01),
    at(x0, 0.01),
    at(x0, 0),
  ];
  let column = 0;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  /** Residents at home in a fresh strip of the map, the first with a signed-in account. */
  async function residents(count: number): Promise<{ ids: string[]; client: HttpClient; area: Position[] }> {
    const x = (column += 0.1);
    const ids = await buildResidentsAt(
      t.db,
      Array.from({ length: count }, (_, i) => at(x + 0.001 * (i + 1), 0.005)),
    );
    const user = await buildUser(t.db, { role: 'resident', residentId: ids[0]! });
    const client = t.client();
    await client.login(user.username, user.password);
    return { ids, client, area: ring(x, x + 0.05) };
  }

  /** A send that committed its entries and stopped before writing their rows. */
  async function sendAndStop(area: Position[]): Promise<{ alertId: string; written: WrittenEntries }> {
    return t.db.transaction(async (tx) => {
      await lockInboxWriters(tx);
      const alert = await buildAlertRow(tx);
      const written = await writeInboxEntries(tx, alert.id, alert.lineageId, {
        polygons: [area],
        circles: [],
        municipalityCodes: [],
      });
      return { alertId: alert.id, written };
    });
  }

  const rowsOf = async (alertId: string) =>
    (
      await t.db.query<{ position: string; resident_id: string }>(
        'SELECT id AS position, resident_id FROM inbox_items WHERE alert_id = $1 ORDER BY id',
        [alertId],
      )
    ).rows.map((row) => ({ position: Number(row.position), residentId: row.resident_id }));

  const pendingOf = async (alertId: string) =>
    (await t.db.query('SELECT 1 FROM inbox_pending WHERE alert_id = $1', [alertId])).rowCount;

  it('stores the entries as one set at reserved positions, and counts them as targeted', async () => {
    const people = await residents(3);
    const { alertId, written } = await sendAndStop(people.area);
    expect(written.count).toBe(3);
    expect(written.groups).toEqual([
      { action: 'alert', language: 'ja', resident_ids: expect.arrayContaining(people.ids) as string[] },
    ]);
    expect(await pendingOf(alertId)).toBe(1);
    expect(await rowsOf(alertId)).toEqual([]);
    const { rows } = await t.db.query<{ targeted: number }>('SELECT targeted FROM alerts WHERE id = $1', [
      alertId,
    ]);
    expect(rows[0]!.targeted).toBe(3);

    expect(await writePendingEntries(t.db)).toBeGreaterThanOrEqual(3);
    const last = written.last_position!;
    expect((await rowsOf(alertId)).map((row) => row.position)).toEqual([last - 2, last - 1, last]);
    expect(await pendingOf(alertId)).toBe(0);
  });

  it('a resident reads, acknowledges and answers a pending entry at the position the push named', async () => {
    const people = await residents(2);
    const { alertId, written } = await sendAndStop(people.area);
    const list = await people.client.get('/api/me/inbox?after=0');
    expect(list.status).toBe(200);
    const entries = (list.body as { entries: { position: number; alertId: string | null }[] }).entries;
    const mine = entries.find((e) => e.alertId === alertId)!;
    expect(mine.position).toBeLessThanOrEqual(written.last_position!);
    expect(mine.position).toBeGreaterThan(written.last_position! - 2);
    expect(await pendingOf(alertId)).toBe(0);

    // Another stopped send: a receipt and an answer come before any read, naming the entry by the
    // position it was given in the pending set.
    const next = await sendAndStop(people.area);
    const { rows: reserved } = await t.db.query<{ position: string }>(
      `SELECT first_position + array_position(resident_ids, $2::uuid) - 1 AS position
       FROM inbox_pending WHERE alert_id = $1`,
      [next.alertId, people.ids[0]],
    );
    const position = Number(reserved[0]!.position);
    const delivered = await people.client.post(`/api/me/inbox/${position}/delivered`);
    expect(delivered).toMatchObject({ status: 200, body: { ok: true } });
    expect(await pendingOf(next.alertId)).toBe(0);
    const answered = await people.client.post(`/api/me/inbox/${position}/respond`, { response: 'safe' });
    expect(answered).toMatchObject({ status: 200, body: { ok: true } });
    const { rows } = await t.db.query<{ response: string; delivered: boolean }>(
      'SELECT response, delivered_at IS NOT NULL AS delivered FROM inbox_items WHERE id = $1 AND resident_id = $2',
      [position, people.ids[0]],
    );
    expect(rows[0]).toEqual({ response: 'safe', delivered: true });
  });

  it('another inbox writer writes pending rows first, so its own entry lands above them', async () => {
    const people = await residents(2);
    const { alertId, written } = await sendAndStop(people.area);
    const later = await t.db.transaction(async (tx) => {
      await lockInboxWriters(tx);
      const other = await buildAlertRow(tx);
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO inbox_items (resident_id, kind, alert_id, lineage_id, action)
         VALUES ($1, 'alert', $2, $3, 'alert') RETURNING id`,
        [people.ids[0], other.id, other.lineageId],
      );
      return Number(rows[0]!.id);
    });
    expect(later).toBeGreaterThan(written.last_position!);
    expect(await rowsOf(alertId)).toHaveLength(2);
    expect(await pendingOf(alertId)).toBe(0);
  });

  it('a resident deleted while pending gets no row; a deleted alert takes its pending set with it', async () => {
    const people = await residents(3);
    const { alertId } = await sendAndStop(people.area);
    await t.db.query('DELETE FROM residents WHERE id = $1', [people.ids[2]]);
    await writePendingEntries(t.db);
    expect((await rowsOf(alertId)).map((row) => row.residentId).sort()).toEqual(
      people.ids.slice(0, 2).sort(),
    );

    const gone = await sendAndStop(people.area);
    expect(await pendingOf(gone.alertId)).toBe(1);
    await t.db.query('DELETE FROM alerts WHERE id = $1', [gone.alertId]);
    expect(await pendingOf(gone.alertId)).toBe(0);
    expect(await writePendingEntries(t.db)).toBe(0);
  });

  it('a set naming someone who no longer exists (a delete that bypassed the rule) still becomes rows', async () => {
    const people = await residents(2);
    const { alertId } = await sendAndStop(people.area);
    // As a delete in another isolation level, or with triggers disabled for a restore, would leave it.
    await t.db.query(
      `UPDATE inbox_pending SET resident_ids = resident_ids || gen_random_uuid(), first_position = first_position
       WHERE alert_id = $1`,
      [alertId],
    );
    await writePendingEntries(t.db);
    expect((await rowsOf(alertId)).map((row) => row.residentId).sort()).toEqual([...people.ids].sort());
    expect(await pendingOf(alertId)).toBe(0);
  });
});
