import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test/support/database.js';
import {
  buildCard,
  buildMunicipality,
  buildResident,
  buildShelter,
  checkInAt,
  randomCardUid,
  type BuiltMunicipality,
} from '@test/support/factories.js';
import type { Database } from '../../db/database.js';
import { CheckinService } from './checkins.service.js';
import type { ParsedTap, ReaderIdentity } from './tap-plan.js';

/** Taps committed together (group commit): each decided as if alone, in arrival order. */
describe('card taps committed as a group', () => {
  let db: Database;
  let town: BuiltMunicipality;
  // One group at a time, so taps submitted while one runs form the next group, deterministically.
  let service: CheckinService;

  beforeAll(async () => {
    db = await openTestDatabase();
    town = await buildMunicipality(db);
    service = new CheckinService(db, randomBytes(32).toString('base64url'), undefined, {
      maxConcurrentGroups: 1,
      maxItemsPerGroup: 500,
    });
  });
  afterAll(async () => {
    await db.close();
  });

  async function readerAt(
    mode: ReaderIdentity['mode'] = 'toggle',
    shelterId?: string,
  ): Promise<ReaderIdentity> {
    const shelter = shelterId ?? (await buildShelter(db, { municipality: town, capacity: 50 })).id;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO readers (shelter_id, name, mode, key_hash) VALUES ($1, 'Door', $2, $3) RETURNING id`,
      [shelter, mode, randomBytes(32).toString('hex')],
    );
    return { id: rows[0]!.id, shelterId: shelter, mode };
  }

  async function personWithCard() {
    const resident = await buildResident(db, { municipality: town });
    const uid = randomCardUid();
    await buildCard(db, { residentId: resident.id, token: service.tokenFor(uid) });
    return { residentId: resident.id, uid };
  }

  const tapOf = (uid: string, at = new Date(), extra: Partial<ParsedTap> = {}): ParsedTap => ({
    eventId: randomUUID(),
    cardUid: uid,
    tappedAt: at.toISOString(),
    direction: 'toggle',
    ...extra,
  });

  async function occupancyOf(shelterId: string) {
    const { rows } = await db.query<{ occupancy: number }>('SELECT occupancy FROM shelters WHERE id = $1', [
      shelterId,
    ]);
    return rows[0]!.occupancy;
  }

  async function placeOf(residentId: string) {
    const { rows } = await db.query<{ place: string; shelter_id: string | null }>(
      'SELECT place, shelter_id FROM whereabouts_current WHERE resident_id = $1',
      [residentId],
    );
    return rows[0];
  }

  it('fails only the tap that cannot be written; the others of its group commit', async () => {
    const here = await readerAt();
    const there = await readerAt();
    const broken = await personWithCard();
    const fine = await personWithCard();
    // Inside `here` by a write that did not count them: checking them out would drive the
    // shelter's counter below zero, which the database refuses.
    await checkInAt(db, here.shelterId, [broken.residentId]);
    const thereBefore = await occupancyOf(there.shelterId);

    const opener = service.applyTap(there, tapOf((await personWithCard()).uid));
    const failing = tapOf(broken.uid);
    const grouped = [service.applyTap(here, failing), service.applyTap(there, tapOf(fine.uid))];
    await opener;
    const [failed, applied] = await Promise.allSettled(grouped);

    expect(failed).toMatchObject({ status: 'rejected' });
    expect(applied).toMatchObject({
      status: 'fulfilled',
      value: { outcome: 'checked_in', occupancy: thereBefore + 2 },
    });
    expect(await placeOf(fine.residentId)).toEqual({ place: 'shelter', shelter_id: there.shelterId });
    // Nothing of the failed tap was written: no tap record, the person has not moved.
    expect(await placeOf(broken.residentId)).toEqual({ place: 'shelter', shelter_id: here.shelterId });
    const { rows } = await db.query('SELECT 1 FROM taps WHERE event_id = $1', [failing.eventId]);
    expect(rows).toEqual([]);
  });

  it('counts the same event id once when it comes twice in one group', async () => {
    const reader = await readerAt();
    const other = await readerAt();
    const person = await personWithCard();
    const before = await occupancyOf(reader.shelterId);
    const tap = tapOf(person.uid);

    const [first, again, foreign] = await service.applyGroup([
      { reader, tap, receivedAt: Date.now() },
      { reader, tap, receivedAt: Date.now() },
      { reader: other, tap, receivedAt: Date.now() },
    ]);
    expect(first).toMatchObject({ outcome: 'checked_in', duplicate: false, occupancy: before + 1 });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(foreign).toMatchObject({ outcome: 'rejected', duplicate: true, error: { id: 'event_id_reused' } });
    expect(await occupancyOf(reader.shelterId)).toBe(before + 1);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM whereabouts_events WHERE tap_event_id = $1',
      [tap.eventId],
    );
    expect(rows[0]!.n).toBe(1);

    const [replayed] = await service.applyGroup([{ reader, tap, receivedAt: Date.now() }]);
    expect(replayed).toEqual({ ...first, duplicate: true });
  });

  it('applies one person’s taps in a group in order: in, transfer, late, out', async () => {
    const a = await readerAt();
    const b = await readerAt();
    const person = await personWithCard();
    const [beforeA, beforeB] = [await occupancyOf(a.shelterId), await occupancyOf(b.shelterId)];
    const t = Date.now() - 60_000;
    const taps = [
      { reader: a, tap: tapOf(person.uid, new Date(t)) },
      { reader: b, tap: tapOf(person.uid, new Date(t + 10_000)) },
      { reader: a, tap: tapOf(person.uid, new Date(t + 5_000)) },
      { reader: b, tap: tapOf(person.uid, new Date(t + 20_000)) },
    ];
    const results = await service.applyGroup(taps.map((x) => ({ ...x, receivedAt: Date.now() })));

    expect(results.map((r) => [r.outcome, r.occupancy])).toEqual([
      ['checked_in', beforeA + 1],
      ['transferred', beforeB + 1],
      ['recorded_late', beforeA],
      ['checked_out', beforeB],
    ]);
    expect(await placeOf(person.residentId)).toEqual({ place: 'unknown', shelter_id: null });
    expect([await occupancyOf(a.shelterId), await occupancyOf(b.shelterId)]).toEqual([beforeA, beforeB]);
    const { rows } = await db.query<{ place: string; late: boolean; occupancy_after: number }>(
      `SELECT e.place, e.late, t.occupancy_after FROM whereabouts_events e
         JOIN taps t ON t.event_id = e.tap_event_id
        WHERE e.resident_id = $1 ORDER BY e.id`,
      [person.residentId],
    );
    expect(rows).toEqual([
      { place: 'shelter', late: false, occupancy_after: beforeA + 1 },
      { place: 'shelter', late: false, occupancy_after: beforeB + 1 },
      // A toggle tap where the person is not inside is a check-in: recorded late, state unchanged.
      { place: 'shelter', late: true, occupancy_after: beforeA },
      { place: 'unknown', late: false, occupancy_after: beforeB },
    ]);
  });

  it('keeps explicit in/out readers and rejections per tap within a group', async () => {
    const entrance = await readerAt('in');
    const exit = await readerAt('out', entrance.shelterId);
    const person = await personWithCard();
    const stranger = randomCardUid();
    const before = await occupancyOf(entrance.shelterId);
    const t = Date.now() - 1_000;
    const results = await service.applyGroup(
      [
        { reader: exit, tap: tapOf(person.uid, new Date(t)) },
        { reader: entrance, tap: tapOf(person.uid, new Date(t + 1)) },
        { reader: entrance, tap: tapOf(person.uid, new Date(t + 2)) },
        { reader: entrance, tap: tapOf(stranger, new Date(t + 3)) },
        { reader: entrance, tap: tapOf(person.uid, new Date(Date.now() + 3_600_000)) },
      ].map((x) => ({ ...x, receivedAt: Date.now() })),
    );
    expect(results.map((r) => r.error?.id ?? r.outcome)).toEqual([
      'not_checked_in',
      'checked_in',
      'checked_in',
      'unknown_card',
      'tap_time_in_future',
    ]);
    expect(await occupancyOf(entrance.shelterId)).toBe(before + 1);
  });
});
