import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMunicipality, buildResident } from './support/factories.js';
import { smallJpeg as jpeg } from './support/files.js';
import type { HttpClient } from './support/http-client.js';
import { signIn } from './support/sessions.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** A 256 KB tmpfs: a disk that really fills up. Needs root (CI runs as root); skipped otherwise. */
function mountTinyDisk(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

describe('attachment store failures', () => {
  const servers: TestServer[] = [];
  const mounts: string[] = [];

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const dir of mounts) execFileSync('umount', [dir]);
  });

  async function applicantOn(
    attachmentsDir: string,
  ): Promise<{ t: TestServer; client: HttpClient; id: string }> {
    const t = await startTestServer({ ATTACHMENTS_DIR: attachmentsDir, ATTACHMENT_MAX_BYTES: '200000' });
    servers.push(t);
    const person = await buildResident(t.db, { municipality: await buildMunicipality(t.db) });
    const client = await signIn(t, { role: 'resident', residentId: person.id });
    const { status, body } = await client.post('/api/me/applications', {
      programmeCode: 'damage_certificate',
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return { t, client, id: (body as { id: string }).id };
  }

  const upload = (t: TestServer, client: HttpClient, id: string, data: Buffer) =>
    fetch(`${t.url}/api/me/applications/${id}/attachments?slot=damagePhotos&name=photo.jpg`, {
      method: 'POST',
      headers: {
        cookie: client.cookieHeader ?? '',
        'x-csrf-token': client.csrfToken ?? '',
        'content-type': 'image/jpeg',
      },
      body: new Uint8Array(data),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));

  const attachmentRows = async (t: TestServer, id: string) =>
    (
      await t.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM relief_attachments WHERE application_id = $1',
        [id],
      )
    ).rows[0]?.n;

  it('answers 503 when the store cannot be written, and saves nothing', async () => {
    // A folder "inside" a regular file: every write fails with ENOTDIR, even for root.
    const base = await mkdtemp(path.join(os.tmpdir(), 'hinan-unwritable-'));
    await writeFile(path.join(base, 'not-a-folder'), 'x');
    const { t, client, id } = await applicantOn(path.join(base, 'not-a-folder', 'attachments'));

    const refused = await upload(t, client, id, jpeg());
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { id: 'attachment_store_unavailable' } });
    expect(await attachmentRows(t, id)).toBe(0);
    expect((await t.client().get('/healthz')).status).toBe(200);
    await rm(base, { recursive: true, force: true });
  });

  it('answers 507 when the disk fills up mid-upload, and leaves no row and no file', async (context) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hinan-full-'));
    if (!mountTinyDisk(dir)) context.skip();
    mounts.push(dir);
    await mkdir(path.join(dir, 'attachments'));
    const { t, client, id } = await applicantOn(path.join(dir, 'attachments'));

    expect((await upload(t, client, id, jpeg(100_000))).status).toBe(201);
    const full = await upload(t, client, id, jpeg(190_000));
    expect(full.status).toBe(507);
    expect(full.body).toMatchObject({ error: { id: 'attachment_store_full' } });
    expect(await attachmentRows(t, id)).toBe(1);
    expect(
      (await filesUnder(path.join(dir, 'attachments'))).filter((name) => name.endsWith('.part')),
    ).toEqual([]);
    // The server goes on: a small file still fits.
    expect((await upload(t, client, id, jpeg(1_000))).status).toBe(201);
  });
});
