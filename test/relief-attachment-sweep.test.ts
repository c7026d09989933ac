import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../server/src/modules/relief/attachment-store.js';
import {
  ORPHAN_GRACE_MS,
  sweepOrphanAttachments,
} from '../server/src/modules/relief/attachment-sweep.job.js';
import { buildMunicipality, buildResident } from './support/factories.js';
import { smallJpeg } from './support/files.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

async function storedFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Files written now look older than the grace period to a sweep that believes it is `now`. */
const later = () => new Date(Date.now() + ORPHAN_GRACE_MS + 60_000);

describe('attachment sweep', () => {
  let t: TestServer;
  let dir: string;
  let store: AttachmentStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-sweep-'));
    t = await startTestServer({ ATTACHMENTS_DIR: dir });
    store = new AttachmentStore(dir, 10 * 1024 * 1024);
  });

  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function applicantWithPhoto(): Promise<{ residentId: string; key: string }> {
    const person = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const client = await signIn(t, { role: 'resident', residentId: person.id });
    const created = await client.post('/api/me/applications', { programmeCode: 'damage_certificate' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const uploaded = await fetch(
      `${t.url}/api/me/applications/${id}/attachments?slot=damagePhotos&name=a.jpg`,
      {
        method: 'POST',
        headers: {
          cookie: client.cookieHeader ?? '',
          'x-csrf-token': client.csrfToken ?? '',
          'content-type': 'image/jpeg',
        },
        body: new Uint8Array(smallJpeg()),
      },
    );
    expect(uploaded.status).toBe(201);
    const { rows } = await t.db.query<{ storage_key: string }>(
      'SELECT storage_key FROM relief_attachments WHERE application_id = $1',
      [id],
    );
    return { residentId: person.id, key: rows[0]!.storage_key };
  }

  it("removes the files of a deleted application and keeps everyone else's", async () => {
    const kept = await applicantWithPhoto();
    const gone = await applicantWithPhoto();
    // Rows removed by the database itself (a cascade from the application) leave the file behind.
    await t.db.query('DELETE FROM relief_applications WHERE resident_id = $1', [gone.residentId]);
    expect(await storedFiles(dir)).toEqual([kept.key, gone.key].sort());

    expect(await sweepOrphanAttachments(t.db, store, later())).toBe(1);
    expect(await storedFiles(dir)).toEqual([kept.key]);
    // A second run finds nothing left to do.
    expect(await sweepOrphanAttachments(t.db, store, later())).toBe(0);
  });

  it('leaves files younger than the grace period: their transaction may not have committed yet', async () => {
    const young = path.posix.join('ab', `${randomUUID()}.jpg`);
    await mkdir(path.join(dir, 'ab'), { recursive: true });
    await writeFile(path.join(dir, young), 'x');
    expect(await sweepOrphanAttachments(t.db, store, new Date())).toBe(0);
    expect(await storedFiles(dir)).toContain(young);
    expect(await sweepOrphanAttachments(t.db, store, later())).toBe(1);
    expect(await storedFiles(dir)).not.toContain(young);
  });

  it('removes temp files of uploads that never finished, and nothing it did not make', async () => {
    await mkdir(path.join(dir, 'tmp'), { recursive: true });
    const stale = path.join(dir, 'tmp', `${randomUUID()}.part`);
    await writeFile(stale, 'partial');
    const old = new Date(Date.now() - 2 * ORPHAN_GRACE_MS);
    await utimes(stale, old, old);
    // Names the store never makes (an operator's note, a file in an unknown folder) stay.
    await writeFile(path.join(dir, 'README.txt'), 'kept');
    await mkdir(path.join(dir, 'backup'), { recursive: true });
    await writeFile(path.join(dir, 'backup', `${randomUUID()}.jpg`), 'kept');
    const before = (await storedFiles(dir)).length;

    expect(await sweepOrphanAttachments(t.db, store, new Date())).toBe(1);
    expect((await storedFiles(dir)).length).toBe(before - 1);
    expect(await storedFiles(dir)).toEqual(expect.arrayContaining(['README.txt']));
  });

  it('is not confused by a store folder that does not exist yet', async () => {
    const empty = new AttachmentStore(path.join(dir, 'never-created'), 1024);
    expect(await sweepOrphanAttachments(t.db, empty, later())).toBe(0);
  });
});
