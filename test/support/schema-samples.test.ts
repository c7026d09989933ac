import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validShaped } from './schema-samples.js';

const noHints = () => [];

describe('schema samples for the REST fuzzer', () => {
  it('makes strings of a pattern within the schema’s lengths', () => {
    const schema = z.object({
      code: z
        .string()
        .regex(/^[A-Z]{2}[0-9]{0,6}$/)
        .min(4)
        .max(6),
    });
    for (const sample of fc.sample(validShaped(schema, noHints), 50)) {
      expect(schema.safeParse(sample).success).toBe(true);
    }
  });

  it('names a pattern no string of the allowed length matches, instead of searching forever', () => {
    const schema = z.object({
      key: z
        .string()
        .regex(/^[a-f]{3}$/)
        .min(8),
    });
    expect(() => validShaped(schema, noHints)).toThrow(/no string of \/\^\[a-f\]\{3\}\$\/ fits the length 8/);
  });
});
