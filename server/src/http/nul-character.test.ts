import { describe, expect, it } from 'vitest';
import { pathOfNulCharacter } from './nul-character.js';

describe('pathOfNulCharacter', () => {
  it('names the first string or key that holds U+0000, and nothing otherwise', () => {
    expect(pathOfNulCharacter({ a: 'ok', b: ['x', 'y\u0000'] }, 'body')).toBe('body.b.1');
    expect(pathOfNulCharacter({ ['k\u0000']: 1 }, 'query')).toBe('query');
    expect(pathOfNulCharacter('\u0000', 'payload')).toBe('payload');
    expect(pathOfNulCharacter({ a: 1, b: [true, null, { c: 'fine' }] }, 'body')).toBeUndefined();
  });

  it('walks nesting far deeper than the call stack allows', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(pathOfNulCharacter(deep, 'body')?.split('.')).toHaveLength(100_001);
  });
});
