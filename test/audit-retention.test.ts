import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeIncident, PurgeRefused } from '../server/src/modules/retention/purge.service.js';
import {
  buildIncident,
  buildMunicipality,
  buildResident,
  buildShelter,
  type BuiltMunicipality,
} from './support/factories.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const DAY = 86_400_000;

describe('per-incident retention', () => {
  let t: TestServer;
  let town: BuiltMunicipality;

  beforeAll(async () => {
    t = await startTestServer();
    town = await buildMunicipality(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A closed incident past its retention, with one person checked in, a tap and a shared point. */
  async function pastIncident() {
    const startedAt = new Date(Date.now() - 400 * DAY);
    const endedAt = new Date(Date.now() - 380 * DAY);
    const incident = await buildIncident(t.db, { status: 'closed', startedAt, endedAt, retentionDays: 365 });
    const shelter = await buildShelter(t.db, { municipality: town });
    const person = await buildResident(t.db, { municipality: town });
    const { rows: readers } = await t.db.query<{ id: string }>(
      `INSERT INTO readers (shelter_id, name, key_hash) VALUES ($1, 'old', $2) RETURNING id`,
      [shelter.id, randomBytes(32).toString('hex')],
    );
    const tapId = randomUUID();
    const tappedAt = new Date(startedAt.getTime() + DAY);
    await t.db.query(
      `INSERT INTO taps (event_id, reader_id, shelter_id, card_token, direction, tapped_at, resident_id, outcome)
       VALUES ($1, $2, $3, $4, 'toggle', $5, $6, 'checked_in')`,
      [tapId, readers[0]!.id, shelter.id, randomBytes(32).toString('hex'), tappedAt, person.id],
    );
    const { rows: events } = await t.db.query<{ id: number }>(
      `INSERT INTO whereabouts_events (resident_id, incident_id, place, shelter_id, stay_type, safety, source, tap_event_id, occurred_at)
       VALUES ($1, $2, 'shelter', $3, 'overnight', 'safe', 'card_tap', $4, $5) RETURNING id`,
      [person.id, incident.id, shelter.id, tapId, tappedAt],
    );
    await t.db.query(
      `INSERT INTO whereabouts_current (resident_id, place, shelter_id, stay_type, safety, source, occurred_at, event_id)
       VALUES ($1, 'shelter', $2, 'overnight', 'safe', 'card_tap', $3, $4)`,
      [person.id, shelter.id, tappedAt, events[0]!.id],
    );
    await t.db.query('UPDATE shelters SET occupancy = 1, occupancy_overnight = 1 WHERE id = $1', [
      shelter.id,
    ]);
    await t.db.query(
      `INSERT INTO resident_locations (resident_id, location, updated_at, expires_at)
       VALUES ($1, ST_SetSRID(ST_MakePoint(137, 37), 4326), $2, $3)`,
      [person.id, tappedAt, new Date(tappedAt.getTime() + 2 * 3_600_000)],
    );
    return { incident, shelter, person, tapId };
  }

  async function counts(ids: { incidentId: string; personId: string; tapId: string; shelterId: string }) {
    const { rows } = await t.db.query<Record<string, number | string | null>>(
      `SELECT (SELECT count(*)::int FROM whereabouts_events WHERE incident_id = $1) AS events,
              (SELECT count(*)::int FROM whereabouts_current WHERE resident_id = $2) AS current,
              (SELECT count(*)::int FROM resident_locations WHERE resident_id = $2) AS locations,
              (SELECT resident_id::text FROM taps WHERE event_id = $3) AS tap_resident,
              (SELECT occupancy FROM shelters WHERE id = $4) AS occupancy`,
      [ids.incidentId, ids.personId, ids.tapId, ids.shelterId],
    );
    return rows[0]!;
  }

  it('purges personal records of a closed incident past retention and keeps the counts', async () => {
    const { incident, shelter, person, tapId } = await pastIncident();
    const ids = { incidentId: incident.id, personId: person.id, tapId, shelterId: shelter.id };
    const before = await counts(ids);
    expect(before).toEqual({ events: 1, current: 1, locations: 1, tap_resident: person.id, occupancy: 1 });

    const dry = await purgeIncident(t.db, incident.id, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, whereaboutsEventsDeleted: 1, currentStatesDropped: 1 });
    expect(await counts(ids)).toEqual(before);

    const report = await purgeIncident(t.db, incident.id, { dryRun: false });
    expect(report).toMatchObject({ dryRun: false, whereaboutsEventsDeleted: 1, currentStatesDropped: 1 });
    expect(report.tapsAnonymised).toBeGreaterThanOrEqual(1);
    expect(report.inboxItemsDeleted).toBe(0);
    expect(await counts(ids)).toEqual({
      events: 0,
      current: 0,
      locations: 0,
      tap_resident: null,
      occupancy: 0,
    });
    const { rows } = await t.db.query(
      'SELECT people_reported, whereabouts_events, by_source, by_safety FROM incident_stats WHERE incident_id = $1',
      [incident.id],
    );
    expect(rows[0]).toEqual({
      people_reported: 1,
      whereabouts_events: 1,
      by_source: { card_tap: 1 },
      by_safety: { safe: 1 },
    });
    await expect(purgeIncident(t.db, incident.id, { dryRun: false })).rejects.toThrow(/was purged/);
  });

  it('finds what points at a purged row by index, not by reading whole tables', async () => {
    // Deleting a row makes PostgreSQL look for rows referencing it; without an index on the
    // referencing column that is a full read of the referencing table per deleted row.
    const { rows } = await t.db.query<{ referencing: string }>(
      `SELECT c.conrelid::regclass::text || '.' || a.attname AS referencing
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f'
          AND c.confrelid::regclass::text IN ('whereabouts_events', 'whereabouts_current', 'inbox_items', 'resident_locations')
          AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])`,
    );
    expect(rows.map((row) => row.referencing)).toEqual([]);
  });

  it('refuses active incidents and incidents still within retention', async () => {
    const active = await buildIncident(t.db, { startedAt: new Date(Date.now() - 1000 * DAY) });
    await expect(purgeIncident(t.db, active.id, { dryRun: true })).rejects.toThrow(PurgeRefused);
    await t.db.query(`UPDATE incidents SET status = 'closed', ended_at = now() WHERE id = $1`, [active.id]);
    await expect(purgeIncident(t.db, active.id, { dryRun: true })).rejects.toThrow(/retention/);
    await expect(purgeIncident(t.db, randomUUID(), { dryRun: true })).rejects.toThrow(/not found/);
  });

  it('the command refuses a malformed incident id', async () => {
    const run = promisify(execFile);
    const error = await run('npx', ['tsx', 'server/src/cli/purge-incident.ts', '--incident', 'nope']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2, stderr: expect.stringContaining('--incident') as unknown });
  });
});
