import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDesignation,
  buildIncident,
  buildMunicipality,
  buildResident,
  buildShelter,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const PURPOSE = 'audit test';
const q = `purpose=${encodeURIComponent(PURPOSE)}`;

describe('access log', () => {
  let t: TestServer;
  let subjectId: string;
  let subjectBirthDate: string;
  let family: HttpClient;
  let hq: HttpClient;
  let admin: HttpClient;
  let municipality: string;

  const login = (role: 'resident' | 'hq_operator' | 'admin', residentId?: string) =>
    signIn(t, { role, ...(residentId ? { residentId } : {}) });

  beforeAll(async () => {
    t = await startTestServer();
    const town = await buildMunicipality(t.db);
    municipality = town.code;
    const shelter = await buildShelter(t.db, { municipality: town });
    await buildIncident(t.db);
    subjectBirthDate = '1971-03-03';
    const subject = await buildResident(t.db, { municipality: town, birthDate: subjectBirthDate });
    subjectId = subject.id;
    const designee = await buildResident(t.db, { municipality: town });
    await buildDesignation(t.db, { subjectId, designeeId: designee.id });
    await t.db.query('UPDATE residents SET disclose_safety = true WHERE id = $1', [subjectId]);
    family = await login('resident', designee.id);
    hq = await login('hq_operator');
    admin = await login('admin');
    const report = await hq.post(`/api/people/${subjectId}/report`, {
      place: 'shelter',
      shelterId: shelter.id,
      purpose: PURPOSE,
    });
    expect(report.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  async function entriesAbout(residentId: string) {
    const { rows } = await t.db.query<{ action: string; via: string; purpose: string | null }>(
      'SELECT action, via, purpose FROM access_log WHERE subject_resident_id = $1 ORDER BY seq',
      [residentId],
    );
    return rows;
  }

  it('writes an entry for every read path of personal data', async () => {
    const paths: [string, () => Promise<{ status: number }>, { action: string; via: string }][] = [
      [
        'family list',
        () => family.get('/api/me/family'),
        { action: 'view_whereabouts', via: 'GET /api/me/family' },
      ],
      [
        'family member',
        () => family.get(`/api/me/family/${subjectId}`),
        { action: 'view_whereabouts', via: 'GET /api/me/family/:residentId' },
      ],
      [
        'family report',
        () => family.post(`/api/me/family/${subjectId}/report`, { safety: 'safe' }),
        { action: 'report_whereabouts', via: 'POST /api/me/family/:residentId/report' },
      ],
      [
        'staff profile',
        () => hq.get(`/api/people/${subjectId}?${q}`),
        { action: 'view_profile', via: 'GET /api/people/:residentId' },
      ],
      [
        'staff report',
        () => hq.post(`/api/people/${subjectId}/report`, { safety: 'safe', purpose: PURPOSE }),
        { action: 'report_whereabouts', via: 'POST /api/people/:residentId/report' },
      ],
      [
        'unaccounted by municipality',
        async () => {
          const other = await buildResident(t.db, {
            municipality: { code: municipality, bbox: [0, 0, 0, 0] },
          });
          const response = await hq.get(`/api/people/unaccounted?municipality=${municipality}&${q}`);
          expect((await entriesAbout(other.id)).at(-1)).toMatchObject({
            action: 'list_unaccounted',
            purpose: PURPOSE,
          });
          return response;
        },
        { action: 'export_anpi', via: 'skip' },
      ],
      [
        '安否 CSV',
        () => hq.get(`/api/exports/anpi.csv?${q}`),
        { action: 'export_anpi', via: 'GET /api/exports/anpi.csv' },
      ],
      [
        'PFIF',
        () => hq.get(`/api/exports/pfif.xml?${q}`),
        { action: 'export_pfif', via: 'GET /api/exports/pfif.xml' },
      ],
      [
        'person search',
        () => hq.get(`/api/people/search?q=${encodeURIComponent('試験')}&birthDate=${subjectBirthDate}&${q}`),
        { action: 'search_result', via: 'GET /api/people/search' },
      ],
    ];
    for (const [name, read, expected] of paths) {
      const before = (await entriesAbout(subjectId)).length;
      const { status } = await read();
      expect(status, name).toBe(200);
      if (expected.via === 'skip') continue;
      const after = await entriesAbout(subjectId);
      expect(after.length, name).toBe(before + 1);
      expect(after.at(-1), name).toMatchObject(expected);
    }
  });

  it('shows the person who read their data, when, through what and why', async () => {
    const me = await login('resident', subjectId);
    const { body } = await me.get('/api/me/access-log?limit=200');
    const entries = (
      body as {
        entries: {
          action: string;
          via: string;
          purpose: string | null;
          viewer: { role: string; name: string | null };
        }[];
      }
    ).entries;
    expect(entries.find((e) => e.via === 'GET /api/me/family')).toMatchObject({
      viewer: { role: 'resident', name: expect.stringMatching(/^試験 /) as unknown },
    });
    expect(entries.find((e) => e.action === 'export_pfif')).toMatchObject({
      viewer: { role: 'hq_operator', name: null },
      purpose: PURPOSE,
    });
    const page = (await me.get('/api/me/access-log?limit=2')).body as { entries: unknown[]; next: number };
    const rest = (await me.get(`/api/me/access-log?limit=200&before=${page.next}`)).body as {
      entries: unknown[];
    };
    expect(page.entries.length + rest.entries.length).toBe(entries.length);
  });

  it('refuses updates, deletes and truncation in the database itself', async () => {
    await expect(
      t.db.query(`UPDATE access_log SET purpose = 'changed' WHERE subject_resident_id = $1`, [subjectId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.query('DELETE FROM access_log WHERE subject_resident_id = $1', [subjectId]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('TRUNCATE access_log')).rejects.toThrow(/append-only/);
    // A writer cannot backdate an entry either: the database sets the time.
    await t.db.query(
      `INSERT INTO access_log (viewer_role, subject_resident_id, action, via, at) VALUES ('admin', $1, 'view_profile', 'test', '2000-01-01')`,
      [subjectId],
    );
    const { rows } = await t.db.query<{ at: Date }>(
      'SELECT at FROM access_log WHERE subject_resident_id = $1 ORDER BY seq DESC LIMIT 1',
      [subjectId],
    );
    expect(rows[0]!.at.getUTCFullYear()).toBeGreaterThan(2000);
  });

  it('chains concurrent writers and verifies; only an administrator may run the check', async () => {
    await Promise.all(Array.from({ length: 20 }, () => family.get('/api/me/family')));
    expect((await hq.get('/api/admin/audit/verify')).status).toBe(403);
    const { status, body } = await admin.get('/api/admin/audit/verify');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, broken: null });
    expect((body as { entries: number }).entries).toBeGreaterThan(20);
  });

  it('detects a row changed behind the trigger, and where', async () => {
    const { rows } = await t.db.query<{ seq: number; purpose: string | null }>(
      'SELECT seq, purpose FROM access_log WHERE subject_resident_id = $1 AND purpose IS NOT NULL ORDER BY seq LIMIT 1',
      [subjectId],
    );
    const target = rows[0]!;
    const tamper = (purpose: string | null) =>
      t.db.transaction(async (tx) => {
        await tx.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
        await tx.query('UPDATE access_log SET purpose = $2 WHERE seq = $1', [target.seq, purpose]);
        await tx.query('ALTER TABLE access_log ENABLE TRIGGER access_log_append_only');
      });
    await tamper('nothing to see here');
    try {
      const { body } = await admin.get('/api/admin/audit/verify');
      expect(body).toMatchObject({ ok: false, broken: { seq: target.seq, reason: 'hash_mismatch' } });
    } finally {
      await tamper(target.purpose);
    }
    expect((await admin.get('/api/admin/audit/verify')).body).toMatchObject({ ok: true });
  });
});
