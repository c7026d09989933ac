import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../server/src/db/database.js';
import { lockInboxWriters } from '../server/src/modules/inbox/inbox-writers.js';
import { buildAlertRow } from './support/cap-alerts.js';
import { openTestDatabase } from './support/database.js';
import { buildResidentsAt, buildUser } from './support/factories.js';

/**
 * inbox_items keeps its references with statement triggers instead of per-row foreign keys
 * (migrations 0020 and 0022): the same refusals and cascades, checked once per statement.
 */
describe('inbox entries reference residents and alerts that exist', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  const newAlert = async (tx: Queryable) => (await buildAlertRow(tx)).id;

  const entry = (tx: Queryable, residentId: string, alertId: string) =>
    tx.query(
      `INSERT INTO inbox_items (resident_id, kind, alert_id, lineage_id, action)
       VALUES ($1, 'alert', $2, $2, 'alert') RETURNING id`,
      [residentId, alertId],
    );

  const entriesOf = async (residentId: string) =>
    (await db.query('SELECT 1 FROM inbox_items WHERE resident_id = $1', [residentId])).rowCount;

  it('refuses an entry for a resident or an alert that does not exist, and a change of either', async () => {
    const [residentId] = (await buildResidentsAt(db, [[139.5, 35.5]])) as [string];
    const alertId = await newAlert(db);
    await expect(entry(db, randomUUID(), alertId)).rejects.toMatchObject({ code: '23503' });
    await expect(entry(db, residentId, randomUUID())).rejects.toMatchObject({ code: '23503' });
    const { rows } = await entry(db, residentId, alertId);
    const [other] = (await buildResidentsAt(db, [[139.5, 35.6]])) as [string];
    await expect(
      db.query('UPDATE inbox_items SET resident_id = $2 WHERE id = $1', [
        (rows[0] as { id: number }).id,
        other,
      ]),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await entriesOf(residentId)).toBe(1);
  });

  it('removes the entries of a deleted alert and of a deleted resident', async () => {
    const [kept, removed] = (await buildResidentsAt(db, [
      [139.6, 35.5],
      [139.6, 35.6],
    ])) as [string, string];
    const first = await newAlert(db);
    const second = await newAlert(db);
    for (const residentId of [kept, removed]) {
      await entry(db, residentId, first);
      await entry(db, residentId, second);
    }
    await db.query('DELETE FROM alerts WHERE id = $1', [first]);
    expect(await entriesOf(kept)).toBe(1);
    await db.query('DELETE FROM residents WHERE id = $1', [removed]);
    expect(await entriesOf(removed)).toBe(0);
    expect(await entriesOf(kept)).toBe(1);
  });

  it('leaves no entry behind when a resident is deleted while a writer holds the inbox lock', async () => {
    const [residentId] = (await buildResidentsAt(db, [[139.7, 35.5]])) as [string];
    const alertId = await newAlert(db);
    let releaseWriter = () => {};
    const writerMayCommit = new Promise<void>((resolve) => (releaseWriter = resolve));
    let writerHasWritten = () => {};
    const written = new Promise<void>((resolve) => (writerHasWritten = resolve));
    const writer = db.transaction(async (tx) => {
      await lockInboxWriters(tx);
      await entry(tx, residentId, alertId);
      writerHasWritten();
      await writerMayCommit;
    });
    await written;
    // The delete's trigger waits for the writer's lock, then sees the writer's committed entry.
    const deletion = db.query('DELETE FROM residents WHERE id = $1', [residentId]);
    await new Promise((r) => setTimeout(r, 100));
    releaseWriter();
    await writer;
    await deletion;
    expect(await entriesOf(residentId)).toBe(0);
  });

  const newNotice = async (): Promise<string> => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO notices (starts_at, ends_at, targeting) VALUES (now(), now() + interval '1 day', '{}') RETURNING id`,
    );
    const id = rows[0]!.id;
    // Every notice the API creates has its Japanese text; later files list notices of this database.
    await db.query(
      `INSERT INTO notice_texts (notice_id, language, title, body) VALUES ($1, 'ja', 'お知らせ', '本文')`,
      [id],
    );
    return id;
  };
  const noticeEntry = (residentId: string, noticeId: string) =>
    db.query(`INSERT INTO inbox_items (resident_id, kind, notice_id) VALUES ($1, 'notice', $2)`, [
      residentId,
      noticeId,
    ]);

  it('refuses a notice, relief application or desk user that does not exist, on insert and on update', async () => {
    const [residentId] = (await buildResidentsAt(db, [[139.8, 35.5]])) as [string];
    await expect(noticeEntry(residentId, randomUUID())).rejects.toMatchObject({ code: '23503' });
    await expect(
      db.query(
        `INSERT INTO inbox_items (resident_id, kind, application_id, application_event_id)
         VALUES ($1, 'application', $2, 1)`,
        [residentId, randomUUID()],
      ),
    ).rejects.toMatchObject({ code: '23503' });
    // A warning statement with many rows and no such references is checked in one go.
    const alertId = await newAlert(db);
    const { rows } = await entry(db, residentId, alertId);
    const position = (rows[0] as { id: number }).id;
    await expect(
      db.query('UPDATE inbox_items SET help_assigned_to = $2 WHERE id = $1', [position, randomUUID()]),
    ).rejects.toMatchObject({ code: '23503' });
    const desk = await buildUser(db, { role: 'hq_operator' });
    await db.query('UPDATE inbox_items SET help_assigned_to = $2 WHERE id = $1', [position, desk.id]);
    // Receipts change none of the references and pass without a check.
    await db.query('UPDATE inbox_items SET delivered_at = now() WHERE id = $1', [position]);
    expect(await entriesOf(residentId)).toBe(1);
  });

  it('removes the entries of a deleted notice, and refuses to delete a user named on an entry', async () => {
    const [residentId] = (await buildResidentsAt(db, [[139.8, 35.6]])) as [string];
    const kept = await newNotice();
    const removed = await newNotice();
    await noticeEntry(residentId, kept);
    await noticeEntry(residentId, removed);
    await db.query('DELETE FROM notices WHERE id = $1', [removed]);
    expect(await entriesOf(residentId)).toBe(1);

    const desk = await buildUser(db, { role: 'hq_operator' });
    const alertId = await newAlert(db);
    const { rows } = await entry(db, residentId, alertId);
    await db.query('UPDATE inbox_items SET help_resolved_by = $2 WHERE id = $1', [
      (rows[0] as { id: number }).id,
      desk.id,
    ]);
    await expect(db.query('DELETE FROM users WHERE id = $1', [desk.id])).rejects.toMatchObject({
      code: '23503',
    });
    const unnamed = await buildUser(db, { role: 'hq_operator' });
    await db.query('DELETE FROM users WHERE id = $1', [unnamed.id]);
  });

  it('empties the notice entries when notices are truncated', async () => {
    const [residentId] = (await buildResidentsAt(db, [[139.8, 35.7]])) as [string];
    await noticeEntry(residentId, await newNotice());
    const alertId = await newAlert(db);
    await entry(db, residentId, alertId);
    // Rolled back: the table is shared with the other tests.
    const rollback = new Error('rollback');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('TRUNCATE notices CASCADE');
        const { rows } = await tx.query<{ kind: string }>(
          'SELECT kind FROM inbox_items WHERE resident_id = $1',
          [residentId],
        );
        expect(rows.map((row) => row.kind)).toEqual(['alert']);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await entriesOf(residentId)).toBe(2);
  });
});
