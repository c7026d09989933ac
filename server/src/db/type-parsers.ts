/**
 * Both drivers must hand rows to the services in the same shape. PostgreSQL type OIDs whose
 * default parsing differs between `pg` and PGlite are parsed here, once, for both.
 */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082 } as const;

function parseSafeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`integer out of range: ${value}`);
  return parsed;
}

/** Text value → JS value, keyed by type OID. Dates stay ISO `YYYY-MM-DD` strings (no time zone games). */
export const sharedParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: parseSafeInteger,
  [TYPE_OIDS.numeric]: (value) => Number(value),
  [TYPE_OIDS.date]: (value) => value,
};
