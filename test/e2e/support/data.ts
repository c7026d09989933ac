import { randomInt } from 'node:crypto';
import type { Queryable } from '@server/db/database.js';
import type { BuiltMunicipality } from '../../support/factories.js';

/**
 * A home point in a corner of the municipality no factory puts anything in, at a random spot to
 * the metre: an area drawn tightly around it holds this one home and nothing another test made.
 */
export function quietPointIn(town: BuiltMunicipality): { lat: number; lon: number } {
  const [minLon, minLat] = town.bbox;
  return {
    lon: minLon + 0.045 + randomInt(40_000) / 10_000_000,
    lat: minLat + 0.045 + randomInt(40_000) / 10_000_000,
  };
}

/** Moves a resident's registered home (and their household's) to a point. */
export async function moveHome(
  db: Queryable,
  resident: { id: string; householdId: string },
  at: { lat: number; lon: number },
): Promise<void> {
  const point = 'ST_SetSRID(ST_MakePoint($2, $3), 4326)';
  await db.query(`UPDATE residents SET home_point = ${point} WHERE id = $1`, [resident.id, at.lon, at.lat]);
  await db.query(`UPDATE households SET home_point = ${point} WHERE id = $1`, [
    resident.householdId,
    at.lon,
    at.lat,
  ]);
}

/** A square of `halfSideDeg` around a point, as [lat, lon] vertices (what the HQ test hook takes). */
export function squareAround(at: { lat: number; lon: number }, halfSideDeg: number): [number, number][] {
  const { lat, lon } = at;
  const d = halfSideDeg;
  return [
    [lat - d, lon - d],
    [lat - d, lon + d],
    [lat + d, lon + d],
    [lat + d, lon - d],
  ];
}
