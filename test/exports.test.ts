import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildIncident,
  buildMunicipality,
  buildPerson,
  buildResident,
  buildShelter,
  buildUser,
} from './support/factories.js';
import type { HttpClient } from './support/http-client.js';
import { startTestServer, type TestServer } from './support/test-server.js';

/** Element sequences of pfif-1.4.xsd (http://zesty.ca/pfif/1.4/pfif-1.4.xsd), in schema order. */
const XSD_PERSON = [
  'person_record_id',
  'entry_date',
  'expiry_date',
  'author_name',
  'author_email',
  'author_phone',
  'source_name',
  'source_date',
  'source_url',
  'full_name',
  'given_name',
  'family_name',
  'alternate_names',
  'description',
  'sex',
  'date_of_birth',
  'age',
  'home_street',
  'home_neighborhood',
  'home_city',
  'home_state',
  'home_postal_code',
  'home_country',
  'photo_url',
  'profile_urls',
  'note',
];
const XSD_PERSON_REQUIRED = ['person_record_id', 'source_date', 'full_name'];
const XSD_NOTE = [
  'note_record_id',
  'person_record_id',
  'linked_person_record_id',
  'entry_date',
  'author_name',
  'author_email',
  'author_phone',
  'source_date',
  'author_made_contact',
  'status',
  'email_of_found_person',
  'phone_of_found_person',
  'last_known_location',
  'text',
  'photo_url',
];
const XSD_NOTE_REQUIRED = ['note_record_id', 'author_name', 'source_date'];
const NOTE_STATUS = [
  'information_sought',
  'is_note_author',
  'believed_alive',
  'believed_missing',
  'believed_dead',
];
const PFIF_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

interface XmlNode {
  name: string;
  attrs: string;
  children: XmlNode[];
  text: string;
}

/** A strict little XML reader: every tag must close in order, text is entity-decoded. */
function parseXml(xml: string): XmlNode {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlNode = { name: '#document', attrs: '', children: [], text: '' };
  const stack = [root];
  for (const match of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>|([^<]+)/g)) {
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) {
      if (/[<&](?!amp;|lt;|gt;|quot;|apos;)/.test(text)) throw new Error(`unescaped text: ${text}`);
      top.text += text
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&quot;', '"')
        .replaceAll('&apos;', "'")
        .replaceAll('&amp;', '&');
    } else if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const node: XmlNode = { name: name!, attrs: attrs ?? '', children: [], text: '' };
      top.children.push(node);
      if (!selfClosing) stack.push(node);
    }
  }
  if (stack.length !== 1) throw new Error('unclosed elements');
  return root.children[0]!;
}

/** Children must appear in schema order, each at most once except repeatable `note`. */
function expectSchemaOrder(node: XmlNode, order: string[], required: string[]) {
  const local = node.children.map((child) => {
    expect(child.name.startsWith('pfif:')).toBe(true);
    return child.name.slice('pfif:'.length);
  });
  let position = 0;
  for (const name of local) {
    const index = order.indexOf(name);
    expect(index, `unknown or misplaced element ${name}`).toBeGreaterThanOrEqual(position);
    position = name === 'note' ? index : index + 1;
  }
  for (const name of required) expect(local, `missing ${name}`).toContain(name);
}

const field = (node: XmlNode, name: string) => node.children.find((c) => c.name === `pfif:${name}`)?.text;

describe('exports', () => {
  let t: TestServer;
  let hq: HttpClient;
  let incident: { id: string };
  let consenting: string;
  let notConsenting: string;
  let shelter: { id: string; name: string };

  beforeAll(async () => {
    t = await startTestServer();
    const town = await buildMunicipality(t.db);
    shelter = await buildShelter(t.db, { municipality: town });
    incident = await buildIncident(t.db);
    const hqUser = await buildUser(t.db, { role: 'hq_operator' });
    hq = t.client();
    await hq.login(hqUser.username, hqUser.password);

    consenting = (
      await buildPerson(t.db, {
        municipality: town,
        familyName: '=危険',
        givenName: '"引用",<名>&',
        familyNameKana: 'キケン',
        givenNameKana: 'インヨウ',
        birthDate: '1966-06-06',
      })
    ).id;
    await t.db.query('UPDATE residents SET disclose_safety = true, sex = $2 WHERE id = $1', [
      consenting,
      'female',
    ]);
    notConsenting = (await buildResident(t.db, { municipality: town })).id;
    const me = t.client();
    const user = await buildUser(t.db, { role: 'resident', residentId: consenting });
    await me.login(user.username, user.password);
    expect((await me.post('/api/me/report', { safety: 'safe', note: '個人的なメモ' })).status).toBe(200);
    const report = (residentId: string, body: object) =>
      hq.post(`/api/people/${residentId}/report`, { ...body, purpose: 'export test' });
    expect((await report(consenting, { place: 'shelter', shelterId: shelter.id })).status).toBe(200);
    expect((await report(notConsenting, { place: 'home', safety: 'missing' })).status).toBe(200);
  });
  afterAll(async () => {
    await t.db.query(`UPDATE incidents SET status = 'closed', ended_at = now() WHERE id = $1`, [incident.id]);
    await t.close();
  });

  it('writes the 安否情報 CSV for everyone reported, quoted and safe to open in a spreadsheet', async () => {
    const path = `/api/exports/anpi.csv?incidentId=${incident.id}&purpose=${encodeURIComponent('消防庁へ報告')}`;
    const response = await fetch(`${t.url}${path}`, { headers: { cookie: hq.cookieHeader! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFF氏名,フリガナ,生年月日,性別,住所,安否の状況,居所,連絡先等,')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    const dangerous = lines.find((line) => line.includes('危険'))!;
    expect(dangerous.startsWith(`"'=危険 ""引用"",<名>&",キケン インヨウ,1966-06-06,女,`)).toBe(true);
    expect(dangerous).toContain(`,無事,避難所 ${shelter.name},`);
    const missing = lines.find((line) => line.includes(',行方不明,'))!;
    expect(missing).toContain(',自宅,');
  });

  it('writes PFIF 1.4 of consenting people only, in schema order, with the incident expiry', async () => {
    const response = await hq.get(
      `/api/exports/pfif.xml?incidentId=${incident.id}&purpose=${encodeURIComponent('Person Finder')}`,
    );
    expect(response.status).toBe(200);
    const root = parseXml(response.body as string);
    expect(root.name).toBe('pfif:pfif');
    expect(root.attrs).toContain('xmlns:pfif="http://zesty.ca/pfif/1.4"');
    expect(root.children).toHaveLength(1);
    const person = root.children[0]!;
    expect(person.name).toBe('pfif:person');
    expectSchemaOrder(person, XSD_PERSON, XSD_PERSON_REQUIRED);
    expect(field(person, 'person_record_id')).toBe(`hinan.example/person.${consenting}`);
    expect(field(person, 'full_name')).toBe('=危険 "引用",<名>&');
    expect(field(person, 'sex')).toBe('female');
    for (const date of ['entry_date', 'expiry_date', 'source_date'])
      expect(field(person, date)).toMatch(PFIF_DATE);
    const { rows } = await t.db.query<{ expires: Date }>(
      `SELECT now() + make_interval(days => retention_days) AS expires FROM incidents WHERE id = $1`,
      [incident.id],
    );
    const expiry = new Date(field(person, 'expiry_date')!).getTime();
    expect(Math.abs(expiry - rows[0]!.expires.getTime())).toBeLessThan(60_000);

    const notes = person.children.filter((child) => child.name === 'pfif:note');
    expect(notes).toHaveLength(2);
    for (const note of notes) {
      expectSchemaOrder(note, XSD_NOTE, XSD_NOTE_REQUIRED);
      expect(NOTE_STATUS).toContain(field(note, 'status'));
      expect(field(note, 'note_record_id')).toMatch(/^hinan\.example\/note\.\d+$/);
      expect(field(note, 'person_record_id')).toBe(`hinan.example/person.${consenting}`);
    }
    expect(notes.map((note) => field(note, 'status'))).toEqual(['is_note_author', 'believed_alive']);
    expect(response.body as string).not.toContain('個人的なメモ');
    expect(response.body as string).not.toContain(notConsenting);
  });

  it('needs a purpose and a known incident', async () => {
    expect((await hq.get('/api/exports/pfif.xml')).status).toBe(400);
    const unknown = await hq.get(`/api/exports/pfif.xml?incidentId=${crypto.randomUUID()}&purpose=x`);
    expect(unknown.status).toBe(404);
  });
});
