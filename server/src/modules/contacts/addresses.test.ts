import { describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseMobile } from '@contract/contacts/addresses.js';

describe('e-mail addresses', () => {
  it.each([
    ['Taro.Yamada@Example.JP', 'Taro.Yamada@example.jp'],
    ['  a+b@mail.example.co.jp ', 'a+b@mail.example.co.jp'],
    ['x@xn--eckwd4c7c.xn--zckzah', 'x@xn--eckwd4c7c.xn--zckzah'],
  ])('takes %s as %s', (typed, normal) => expect(normaliseEmail(typed)).toBe(normal));

  it.each([
    'plain',
    '@example.jp',
    'a@b',
    'a@example',
    '.a@example.jp',
    'a..b@example.jp',
    'a@-example.jp',
    'a@example.j',
    'a b@example.jp',
    '山田@example.jp',
    `${'a'.repeat(65)}@example.jp`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.jp`,
  ])('refuses %s', (typed) => expect(normaliseEmail(typed)).toBeNull());
});

describe('mobile numbers', () => {
  it.each([
    ['090-1234-5678', '+819012345678'],
    ['080 1234 5678', '+818012345678'],
    ['07012345678', '+817012345678'],
    ['０９０－１２３４－５６７８', '+819012345678'],
    ['+81 90 1234 5678', '+819012345678'],
    ['+81 (0)90-1234-5678', '+819012345678'],
    ['+44 7700 900123', '+447700900123'],
  ])('takes %s as %s', (typed, normal) => expect(normaliseMobile(typed)).toBe(normal));

  it.each(['03-1234-5678', '090-1234-567', '0901234567890', '+0123456', '+8190', 'ninety', '060-1234-5678'])(
    'refuses %s',
    (typed) => expect(normaliseMobile(typed)).toBeNull(),
  );
});
