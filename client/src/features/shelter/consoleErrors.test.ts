import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import en from '../../i18n/en.json';
import ja from '../../i18n/ja.json';
import { consoleErrorIds, consoleErrorKey } from './consoleErrors';

describe('consoleErrorKey', () => {
  it.each([
    'shelter_closed',
    'card_already_bound',
    'already_resolved',
    'not_checked_in',
    'target_not_open',
    'forbidden',
    'validation_failed',
  ])('explains %s from an API error', (id) => {
    expect(consoleErrorKey(new ApiError(409, id, 'server text'))).toBe(`console.errors.${id}`);
  });

  it('accepts a bare id, as reader protocol answers carry one', () => {
    expect(consoleErrorKey('reader_key_invalid')).toBe('console.errors.reader_key_invalid');
    expect(consoleErrorKey('tap_time_in_future')).toBe('console.errors.tap_time_in_future');
  });

  it('falls back to a generic message for anything else', () => {
    expect(consoleErrorKey(new ApiError(500, 'internal', 'boom'))).toBe('console.errors.unknown');
    expect(consoleErrorKey('no_such_id')).toBe('console.errors.unknown');
    expect(consoleErrorKey(new Error('boom'))).toBe('console.errors.unknown');
    expect(consoleErrorKey(null)).toBe('console.errors.unknown');
  });

  it('has a message for every id in both languages', () => {
    for (const id of consoleErrorIds()) {
      expect(en.console.errors[id as keyof typeof en.console.errors], `en ${id}`).toBeTruthy();
      expect(ja.console.errors[id as keyof typeof ja.console.errors], `ja ${id}`).toBeTruthy();
    }
  });
});
