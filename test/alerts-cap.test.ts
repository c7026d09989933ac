import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCapXml } from '../geo/src/cap/cap.xml.js';
import { importMunicipalities } from '../server/src/modules/region/region.loader.js';
import { buildResidentsAt, buildUser } from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

const fixture = readFileSync(
  path.join(import.meta.dirname, '../geo/src/cap/fixtures/jma-tsunami-ishikawa.xml'),
  'utf8',
);
const withIdentifier = (xml: string, identifier: string) =>
  xml.replace(/<identifier>[^<]*<\/identifier>/, `<identifier>${identifier}</identifier>`);

describe('CAP 1.2 import, export and Atom index', () => {
  let t: TestServer;
  let hq: HttpClient;

  const postXml = (xml: string, contentType = 'application/cap+xml') =>
    hq.request('POST', '/api/alerts/cap', { rawBody: xml, headers: { 'content-type': contentType } });
  const tried: string[] = [];
  const attempt = (xml: string) => {
    const identifier = `x-${randomUUID()}`;
    tried.push(identifier);
    return withIdentifier(xml, identifier);
  };

  beforeAll(async () => {
    t = await startTestServer();
    await importMunicipalities(t.db);
    const user = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(user.username, user.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('imports a national tsunami warning, targets the coast, and exports valid CAP 1.2', async () => {
    // Someone at home in Wajima (能登) is inside the forecast area 石川県能登.
    const [wajima] = await buildResidentsAt(t.db, [[136.8995, 37.3906]]);
    const identifier = `urn:uuid:${randomUUID()}`;
    const current = withIdentifier(fixture, identifier).replaceAll(
      '2024-01-02T16:22:00+09:00',
      '2099-01-02T16:22:00+09:00',
    );
    const imported = await postXml(current);
    expect(imported.status).toBe(201);
    const { alert } = imported.body as { alert: { id: string; origin: string; active: boolean } };
    expect(alert).toMatchObject({ origin: 'imported', active: true });
    const { rowCount } = await t.db.query(
      'SELECT 1 FROM inbox_items WHERE alert_id = $1 AND resident_id = $2',
      [alert.id, wajima],
    );
    expect(rowCount).toBe(1);

    const exported = await t.client().get(`/api/alerts/${alert.id}/cap`);
    expect(exported.headers.get('content-type')).toMatch(/application\/cap\+xml/);
    const reparsed = parseCapXml(exported.body as string);
    const original = parseCapXml(current);
    expect(reparsed).toEqual(original);

    const atom = await t.client().get('/api/alerts/atom');
    expect(atom.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    expect(atom.body as string).toContain(`/api/alerts/${alert.id}/cap`);
  });

  it('keeps an already expired warning on record without delivering or listing it as active', async () => {
    const late = await postXml(withIdentifier(fixture, `urn:uuid:${randomUUID()}`));
    expect(late).toMatchObject({ status: 201, body: { targeted: 0, alert: { active: false } } });
    const id = (late.body as { alert: { id: string } }).alert.id;
    expect((await t.client().get('/api/alerts/atom')).body as string).not.toContain(id);
  });

  it('refuses bad documents with the element named, and writes nothing', async () => {
    const doctype = await postXml(
      `<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>${attempt(fixture).replace(/^<\?xml[^>]*>/, '')}`,
    );
    expect(doctype).toMatchObject({ status: 400, body: { error: { id: 'cap_xml_forbidden' } } });

    const unclosed = attempt(fixture).replace(
      '<areaDesc>石川県能登</areaDesc>',
      '<areaDesc>石川県能登</areaDesc><polygon>37.3,136.8 37.3,137.0 37.5,137.0 37.5,136.8</polygon>',
    );
    expect(await postXml(unclosed)).toMatchObject({
      status: 400,
      body: { error: { id: 'cap_invalid', details: { path: 'info[0].area[0].polygon[0]' } } },
    });

    const unknownCode = attempt(fixture).replace(
      '<valueName>津波予報区</valueName>\n        <value>392</value>',
      '<valueName>JIS X0402</valueName>\n        <value>99999</value>',
    );
    expect(await postXml(unknownCode)).toMatchObject({
      status: 400,
      body: { error: { id: 'cap_geocode_unknown', details: { path: 'info[2].area[0].geocode[0]' } } },
    });

    const huge = attempt(fixture).replace('</alert>', `<note>${'x'.repeat(1_100_000)}</note></alert>`);
    expect(await postXml(huge)).toMatchObject({ status: 413 });
    expect(await postXml('{"identifier":"x"}', 'text/plain')).toMatchObject({ status: 415 });
    const { rowCount } = await t.db.query('SELECT 1 FROM alerts WHERE identifier = ANY ($1::text[])', [
      tried,
    ]);
    expect(tried).toHaveLength(4);
    expect(rowCount).toBe(0);
  });

  it('refuses elements named after JavaScript object internals with a 400, never a 500', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const hostile = attempt(fixture).replace('<sender>', `<${name}>x</${name}><sender>`);
      expect(await postXml(hostile)).toMatchObject({
        status: 400,
        body: { error: { id: 'cap_xml_forbidden', details: { path: 'alert' } } },
      });
    }
    const { rowCount } = await t.db.query('SELECT 1 FROM alerts WHERE identifier = ANY ($1::text[])', [
      tried,
    ]);
    expect(rowCount).toBe(0);
  });

  it('keeps answering /healthz while a hostile CAP document is imported', async () => {
    // 300 kB of "<?" inside CDATA: a processing-instruction pattern that backtracks over the rest of
    // the document at every "<?" froze the whole process for about ten seconds on this input.
    const hostile = attempt(fixture).replace(
      '<sender>',
      `<note><![CDATA[${'<?'.repeat(150_000)}]]></note><sender>`,
    );
    let importing = true;
    let slowest = 0;
    const watch = (async () => {
      while (importing) {
        const started = performance.now();
        const health = await fetch(`${t.url}/healthz`);
        await health.arrayBuffer();
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const started = performance.now();
    const imported = await postXml(hostile);
    const took = performance.now() - started;
    importing = false;
    await watch;
    // Parsed in full, then refused for its 300 kB note (CAP notes are short).
    expect(imported).toMatchObject({
      status: 400,
      body: { error: { id: 'cap_invalid', details: { path: 'note' } } },
    });
    // Generous bounds for a loaded two-core machine; the unbounded parse took ~10 s.
    expect(took).toBeLessThan(3_000);
    expect(slowest).toBeLessThan(2_000);
  });

  it('refuses a JSON warning without both Japanese and English, and a radius of 0', async () => {
    const base = parseCapXml(fixture);
    if (!('alert' in base)) throw new Error('fixture invalid');
    const jaOnly = { ...base.alert, identifier: `x-${randomUUID()}`, info: [base.alert.info[0]!] };
    expect(await hq.post('/api/alerts', jaOnly)).toMatchObject({
      status: 400,
      body: { error: { id: 'validation_failed' } },
    });
    const preview = await hq.post('/api/alerts/preview', {
      area: [{ areaDesc: 'x', circle: ['37.39,136.90 0'] }],
    });
    expect(preview).toMatchObject({
      status: 400,
      body: { error: { details: [{ path: 'body.area.0.circle.0' }] } },
    });
  });
});
