import type { NoteRow, SafetyRecordRow } from './exports.queries.js';
import { describePlace, SAFETY_JA } from './labels.js';

export const PFIF_NS = 'http://zesty.ca/pfif/1.4';
/** Record ids are `domain/local-id`; the domain names this repository of records. */
export const PFIF_DOMAIN = 'hinan.example';

/** Field order of person and note records in the PFIF 1.4 schema (pfif-1.4.xsd sequences). */
export const PFIF_PERSON_FIELDS = [
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
] as const;
export const PFIF_NOTE_FIELDS = [
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
] as const;
type PersonField = (typeof PFIF_PERSON_FIELDS)[number];
type NoteField = (typeof PFIF_NOTE_FIELDS)[number];

export const personRecordId = (residentId: string) => `${PFIF_DOMAIN}/person.${residentId}`;
export const noteRecordId = (eventId: number) => `${PFIF_DOMAIN}/note.${eventId}`;

/** PFIF dates are UTC to the second: 2024-01-02T03:04:05Z. */
export const pfifDate = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** Characters XML 1.0 allows: tab, line feed, carriage return and U+0020 upwards (no surrogates, FFFE/FFFF). */
function allowedInXml(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  if (code === 0x09 || code === 0x0a || code === 0x0d) return true;
  return (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
}

export function xmlText(value: string): string {
  return [...value]
    .filter(allowedInXml)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

function fields<F extends string>(
  order: readonly F[],
  values: Partial<Record<F, string | null>>,
  indent: string,
): string {
  return order
    .filter((field) => values[field])
    .map((field) => `${indent}<pfif:${field}>${xmlText(values[field]!)}</pfif:${field}>\n`)
    .join('');
}

const AUTHOR: Record<NoteRow['source'], string> = {
  card_tap: '避難所受付',
  staff: '避難所職員',
  self_report: '',
  family: '家族',
  import: PFIF_DOMAIN,
};

/** PFIF note status from our report: the person themselves, or what the report implies. */
export function noteStatus(note: NoteRow): string {
  if (note.safety === 'missing') return 'believed_missing';
  if (note.source === 'self_report') return 'is_note_author';
  if (note.source === 'card_tap' || note.source === 'staff' || note.safety) return 'believed_alive';
  return 'information_sought';
}

function noteXml(person: SafetyRecordRow, note: NoteRow): string {
  const values: Partial<Record<NoteField, string>> = {
    note_record_id: noteRecordId(note.id),
    person_record_id: personRecordId(person.resident_id),
    entry_date: pfifDate(note.recorded_at),
    author_name: AUTHOR[note.source] || `${person.family_name} ${person.given_name}`,
    source_date: pfifDate(note.occurred_at),
    author_made_contact: note.source === 'family' || note.source === 'import' ? '' : 'true',
    status: noteStatus(note),
    last_known_location: describePlace(note),
    text: [note.safety ? `安否: ${SAFETY_JA[note.safety]}` : '', `居所: ${describePlace(note)}`]
      .filter(Boolean)
      .join(' / '),
  };
  return `    <pfif:note>\n${fields(PFIF_NOTE_FIELDS, values, '      ')}    </pfif:note>\n`;
}

const PFIF_SEX: Record<string, string> = { female: 'female', male: 'male', other: 'other' };

function personXml(person: SafetyRecordRow, notes: NoteRow[], expiresAt: Date, exportedAt: Date): string {
  const values: Partial<Record<PersonField, string | null>> = {
    person_record_id: personRecordId(person.resident_id),
    entry_date: pfifDate(exportedAt),
    expiry_date: pfifDate(expiresAt),
    author_name: PFIF_DOMAIN,
    source_name: PFIF_DOMAIN,
    source_date: pfifDate(person.occurred_at),
    full_name: `${person.family_name} ${person.given_name}`,
    given_name: person.given_name,
    family_name: person.family_name,
    alternate_names: [person.family_name_kana, person.given_name_kana].filter(Boolean).join(' '),
    sex: PFIF_SEX[person.sex] ?? null,
    date_of_birth: person.birth_date,
    // Only the municipality: the street address is more than a safety record needs.
    home_city: person.home_municipality_name,
    home_state: person.home_prefecture,
    home_country: 'JP',
  };
  return `  <pfif:person>\n${fields(PFIF_PERSON_FIELDS, values, '    ')}${notes.map((note) => noteXml(person, note)).join('')}  </pfif:person>\n`;
}

/** A PFIF 1.4 document: one person record per consenting subject, their reports as notes. */
export function buildPfif(input: {
  persons: SafetyRecordRow[];
  notes: NoteRow[];
  expiresAt: Date;
  exportedAt: Date;
}): string {
  const notesByPerson = new Map<string, NoteRow[]>();
  for (const note of input.notes) {
    const list = notesByPerson.get(note.resident_id) ?? [];
    list.push(note);
    notesByPerson.set(note.resident_id, list);
  }
  const body = input.persons
    .map((person) =>
      personXml(person, notesByPerson.get(person.resident_id) ?? [], input.expiresAt, input.exportedAt),
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<pfif:pfif xmlns:pfif="${PFIF_NS}">\n${body}</pfif:pfif>\n`;
}
