import fc from 'fast-check';
import { z } from 'zod';
import { hostileJson } from './hostile-input.js';

/**
 * Request values generated from a route's or event's own zod schema (through its JSON Schema, the
 * same one the OpenAPI document publishes): valid-shaped ones that get past validation so the
 * handler runs, and mutated ones that differ from a valid one in one place.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
}

/** Real ids by property or path-parameter name, so lookups find something and handlers go deep. */
export type IdHints = (name: string) => readonly (string | number)[];

const readable = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyz ABC0123456789-_.,あいうえお避難所山田花子'.split(''),
);

function stringArbitrary(node: JsonSchema): fc.Arbitrary<string> {
  const min = node.minLength ?? 0;
  const max = Math.min(node.maxLength ?? min + 24, min + 24);
  const fits = (value: string) => value.length >= min && value.length <= (node.maxLength ?? Infinity);
  switch (node.format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
      return fc.webUrl({ validSchemes: ['https'] }).filter(fits);
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('1920-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    case 'time':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`);
    default:
      break;
  }
  if (node.pattern) {
    let matching: fc.Arbitrary<string> | null = null;
    try {
      matching = fc.stringMatching(new RegExp(node.pattern));
    } catch {
      // A pattern fast-check cannot invert: fall back to plain text.
    }
    if (matching) {
      // Filtering strings of the pattern by length never ends when none of them fits: say so
      // instead of hanging the run.
      if (!fc.sample(matching, { numRuns: 200, seed: 1 }).some(fits)) {
        throw new Error(
          `schema samples: no string of /${node.pattern}/ fits the length ${min}..${node.maxLength ?? 'any'}; give each length its own pattern`,
        );
      }
      return matching.filter(fits);
    }
  }
  // Not blank: a trimmed string with a minimum length would refuse it.
  return fc
    .string({ unit: readable, minLength: Math.max(min, 1), maxLength: Math.max(max, 1) })
    .map((value) =>
      value.trim().length < min
        ? value.replace(/^\s+|\s+$/g, 'x').padEnd(min, 'x')
        : value.replace(/^\s|\s$/g, 'x'),
    );
}

function numberArbitrary(node: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low =
    node.minimum ??
    (node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + (integer ? 1 : 1e-6) : -1000);
  const high =
    node.maximum ??
    (node.exclusiveMaximum !== undefined ? node.exclusiveMaximum - (integer ? 1 : 1e-6) : 1000);
  // Small numbers mostly: counts, positions and pages are small.
  const max = Math.min(high, Math.max(low, 0) + 1000);
  if (integer || node.multipleOf === 1) {
    return fc.integer({ min: Math.ceil(Math.max(low, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31)) });
  }
  return fc.double({ min: low, max, noNaN: true, noDefaultInfinity: true });
}

/** Builds the arbitrary of one JSON Schema node; `name` is the property it sits in, for id hints. */
function arbitraryOf(
  node: JsonSchema,
  root: JsonSchema,
  hints: IdHints,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (node.$ref) {
    const target = root.$defs?.[node.$ref.replace('#/$defs/', '')];
    if (!target || depth > 6) return fc.constant(null);
    return arbitraryOf(target, root, hints, name, depth + 1);
  }
  if (node.const !== undefined) return fc.constant(node.const);
  if (node.enum) return fc.constantFrom(...node.enum);
  const choices = node.anyOf ?? node.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, root, hints, name, depth + 1)));
  if (node.allOf?.[0]) return arbitraryOf(node.allOf[0], root, hints, name, depth + 1);
  if (Array.isArray(node.type)) {
    return fc.oneof(...node.type.map((type) => arbitraryOf({ ...node, type }, root, hints, name, depth + 1)));
  }
  switch (node.type) {
    case 'string': {
      const ids = hints(name).filter((id): id is string => typeof id === 'string');
      const plain = stringArbitrary(node);
      return ids.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 4 }, { arbitrary: plain, weight: 1 })
        : plain;
    }
    case 'integer': {
      const known = hints(name).filter((value): value is number => typeof value === 'number');
      const plain = numberArbitrary(node, true);
      return known.length > 0 ? fc.oneof(fc.constantFrom(...known), plain) : plain;
    }
    case 'number':
      return numberArbitrary(node, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (node.prefixItems) {
        return fc.tuple(...node.prefixItems.map((item) => arbitraryOf(item, root, hints, name, depth + 1)));
      }
      const min = node.minItems ?? 0;
      const items = fc.array(
        node.items ? arbitraryOf(node.items, root, hints, name, depth + 1) : fc.string(),
        {
          minLength: min,
          maxLength: Math.min(node.maxItems ?? min + 3, min + 3),
        },
      );
      // A GeoJSON ring (four or more [lon, lat] positions) must end where it starts.
      const isRing = min >= 4 && node.items?.prefixItems?.length === 2;
      return isRing ? items.map((ring) => [...ring.slice(0, -1), ring[0]]) : items;
    }
    case 'object': {
      const properties = node.properties ?? {};
      const required = new Set(node.required ?? []);
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, property]) => [
            key,
            arbitraryOf(property, root, hints, key, depth + 1),
          ]),
        ),
        { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) },
      );
    }
    default:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
  }
}

/** Values of the schema's input shape: mostly accepted, the handler runs. */
export function validShaped(schema: z.ZodType, hints: IdHints): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return arbitraryOf(root, root, hints, '', 0);
}

/** A valid-shaped value broken in one place: one key hostile, missing, or one key too many. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), fc.integer({ min: 0, max: 3 }), hostileJson)
    .map(([value, pick, how, hostile]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return how === 0 ? [value] : hostile;
      const record = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(record);
      const key = keys[pick % Math.max(keys.length, 1)];
      if (how === 0 || key === undefined) return { ...record, unexpected: hostile };
      if (how === 1) {
        delete record[key];
        return record;
      }
      if (how === 2) return { ...record, [key]: hostile };
      return JSON.parse(`{"__proto__":{"polluted":"yes"},${JSON.stringify(record).slice(1)}`) as unknown;
    });
}
