import { describe, expect, it } from 'vitest';
import { answersSchema, formDefinition } from '@contract/relief/form-definition.js';

const form = formDefinition.parse({
  version: 1,
  fields: [
    { key: 'name', type: 'registry', source: 'name', label: { ja: '氏名', en: 'Name' } },
    {
      key: 'copies',
      type: 'number',
      required: true,
      integer: true,
      min: 1,
      max: 5,
      label: { ja: '部数', en: 'Copies' },
    },
    { key: 'when', type: 'date', required: true, notAfterToday: true, label: { ja: '日', en: 'Day' } },
    {
      key: 'account',
      type: 'text',
      required: false,
      maxLength: 7,
      pattern: '^[0-9]{7}$',
      label: { ja: '口座', en: 'Account' },
    },
    {
      key: 'kind',
      type: 'select',
      required: true,
      options: [{ value: 'a', label: { ja: 'A', en: 'A' } }],
      label: { ja: '種類', en: 'Kind' },
    },
    { key: 'agree', type: 'checkbox', required: true, label: { ja: '同意', en: 'Agree' } },
  ],
});

describe('form definitions', () => {
  it('refuses broken definitions', () => {
    const field = { key: 'a', type: 'text', required: true, maxLength: 5, label: { ja: 'a', en: 'a' } };
    expect(formDefinition.safeParse({ version: 1, fields: [field, field] }).success).toBe(false);
    expect(formDefinition.safeParse({ version: 1, fields: [{ ...field, pattern: '(' }] }).success).toBe(
      false,
    );
    expect(formDefinition.safeParse({ version: 1, fields: [{ ...field, type: 'html' }] }).success).toBe(
      false,
    );
    expect(
      formDefinition.safeParse({ version: 1, collectsMailingAddress: true, fields: [field] }).success,
    ).toBe(false);
  });

  it('checks complete answers against the definition', () => {
    const complete = answersSchema(form, { complete: true, today: '2026-01-10' });
    const good = { copies: 2, when: '2026-01-01', kind: 'a', agree: true };
    expect(complete.safeParse(good).success).toBe(true);
    expect(complete.safeParse({ ...good, account: '1234567' }).success).toBe(true);
    expect(complete.safeParse({ ...good, copies: 2.5 }).success).toBe(false);
    expect(complete.safeParse({ ...good, copies: '2' }).success).toBe(false);
    expect(complete.safeParse({ ...good, when: '2026-02-01' }).success).toBe(false);
    expect(complete.safeParse({ ...good, kind: 'b' }).success).toBe(false);
    expect(complete.safeParse({ ...good, agree: false }).success).toBe(false);
    expect(complete.safeParse({ ...good, account: '12345' }).success).toBe(false);
    expect(complete.safeParse({ ...good, name: '他人' }).success).toBe(false);
    expect(complete.safeParse({ copies: 2 }).success).toBe(false);
  });

  it('lets a draft leave required fields out but not hold bad values', () => {
    const draft = answersSchema(form, { complete: false, today: '2026-01-10' });
    expect(draft.safeParse({ copies: 2 }).success).toBe(true);
    expect(draft.safeParse({ copies: 99 }).success).toBe(false);
  });
});
