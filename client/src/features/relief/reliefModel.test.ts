import { describe, expect, it } from 'vitest';
import type { FormField } from '../../api/relief';
import { ApiError } from '../../api/errors';
import { errorKey, invalidFields, toAnswers, toDraft } from './reliefModel';

const label = { ja: 'x', en: 'x' };
const fields: FormField[] = [
  { key: 'name', type: 'registry', source: 'name', label },
  { key: 'copies', type: 'number', required: true, integer: true, min: 1, max: 5, label },
  { key: 'note', type: 'textarea', required: false, maxLength: 10, label },
  { key: 'agree', type: 'checkbox', required: false, label },
];

describe('relief form model', () => {
  it('turns inputs into answers and back', () => {
    expect(toAnswers(fields, { name: 'ignored', copies: '2', note: '', agree: false })).toEqual({
      copies: 2,
    });
    expect(toAnswers(fields, { copies: '3', note: 'abc', agree: true })).toEqual({
      copies: 3,
      note: 'abc',
      agree: true,
    });
    expect(toDraft({ copies: 2, agree: true, nested: {} })).toEqual({ copies: '2', agree: true });
  });

  it('maps server errors to messages and fields', () => {
    const invalid = new ApiError(400, 'form_invalid', 'bad', [{ path: 'copies', message: 'too big' }]);
    expect(errorKey(invalid)).toBe('relief.errors.form_invalid');
    expect(invalidFields(invalid)).toEqual(['copies']);
    expect(errorKey(new ApiError(500, 'internal_error', 'x'))).toBe('relief.errors.other');
  });
});
