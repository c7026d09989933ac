import fc from 'fast-check';

/**
 * Inputs an attacker or a broken client sends: unicode edge cases, prototype-pollution keys,
 * wrong types, huge and deeply nested values. Shared by the REST and socket fuzz suites.
 */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'か\u3099', // combining voiced mark: か + ゙
  'ｶﾞｯｺｳ', // half-width kana
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '\u202Eevil\u202C', // right-to-left override
  'مرحبا',
  '\uFEFFbom',
  '\uD800', // lone surrogate
  '𠮷野家',
  '__proto__',
  'constructor',
  'prototype',
  "'; DROP TABLE residents; --",
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '1e309',
  '-0',
  'NaN',
  '9'.repeat(400),
  'x'.repeat(5_000),
] as const;

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 20, unit: 'binary' }),
);

const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 53, -(2 ** 63), 1e308, 0.1),
);

/** Any JSON value, biased towards the inputs that break parsers and validators. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...PROTOTYPE_KEYS)), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** An object with the keys a route expects, each holding a hostile value: gets past "not an object". */
export function hostileObjectWithKeys(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  if (keys.length === 0) return fc.dictionary(nastyString, hostileJson, { maxKeys: 3 });
  return fc.record(Object.fromEntries(keys.map((key) => [key, hostileJson])), { requiredKeys: [] });
}

/** A path segment: sometimes a real id (to get past "not found"), sometimes garbage. */
export function hostileSegment(realIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    ...(realIds.length > 0 ? [fc.constantFrom(...realIds)] : []),
    fc.uuid(),
    fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 500 && s !== '')),
    fc.integer({ min: -5, max: 1e9 }).map(String),
  );
}

/** `[[[…]]]` nested `depth` times, as JSON text (built as text: a real object this deep breaks stringify). */
export const deeplyNestedJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** JSON texts that no schema accepts and that target the parser and the object model. */
export const RAW_HOSTILE_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '{',
  '"just a string"',
  'null',
  '[]',
  '12345678901234567890',
  deeplyNestedJson(5_000),
  `{"big":"${'x'.repeat(200_000)}"}`,
] as const;
