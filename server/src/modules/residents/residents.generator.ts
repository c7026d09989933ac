import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../db/database.js';
import { CENSUS_2020_POPULATION } from '../region/census-2020.js';
import { municipalityArea, townFromAddress, type Anchor, type MunicipalityArea } from './homes.js';
import { generatePopulation } from './population.generator.js';
import * as queries from './residents.queries.js';

export interface GenerateResidentsOptions {
  count: number;
  seed: number;
  /**
   * By default nothing is generated when the registry already holds residents, so a restart or a
   * second run never doubles the population. `append: true` adds `count` more (use another seed,
   * or the same people are generated again).
   */
  append?: boolean;
  /** Residents per INSERT statement. */
  batchSize?: number;
  onProgress?: (progress: { residents: number; households: number; total: number }) => void;
}

export interface GenerateResidentsResult {
  skipped: boolean;
  residents: number;
  households: number;
  existingBefore: number;
  elapsedMs: number;
}

export const DEFAULT_RESIDENT_BATCH = 5_000;

/** The municipalities with their boundaries and the shelters that anchor homes and town names. */
export async function loadResidentAreas(q: Queryable): Promise<MunicipalityArea[]> {
  // Only the region's own municipalities: other rows (tests, future regions) must not get people.
  const boundaries = await queries.municipalityBoundaries(q, Object.keys(CENSUS_2020_POPULATION));
  if (boundaries.length === 0)
    throw new Error('no municipalities: load the region before generating residents');
  const anchors = new Map<string, Anchor[]>();
  const nameOf = new Map(boundaries.map((b) => [b.code, b.name]));
  for (const shelter of await queries.shelterAddresses(q)) {
    const town = townFromAddress(shelter.address, nameOf.get(shelter.municipalityCode) ?? '');
    const list = anchors.get(shelter.municipalityCode) ?? [];
    list.push({ lon: shelter.lon, lat: shelter.lat, town });
    anchors.set(shelter.municipalityCode, list);
  }
  return boundaries.map((b) =>
    municipalityArea({ ...b, population: b.population ?? 0 }, anchors.get(b.code) ?? []),
  );
}

/**
 * Fills the registry with a deterministic synthetic population spread over the municipalities by
 * their 2020 census population. Streams batches (households, then their residents) inside one
 * transaction: a failed run leaves nothing half-loaded.
 */
export async function generateResidents(
  db: Database,
  options: GenerateResidentsOptions,
): Promise<GenerateResidentsResult> {
  const started = performance.now();
  const existingBefore = await queries.countResidents(db);
  if (existingBefore > 0 && !options.append) {
    return {
      skipped: true,
      residents: 0,
      households: 0,
      existingBefore,
      elapsedMs: performance.now() - started,
    };
  }
  const totals = await db.transaction(async (tx) => {
    const areas = await loadResidentAreas(tx);
    let residents = 0;
    let households = 0;
    // The database writes one batch while the next is generated: the generator runs between
    // sending a statement and awaiting it.
    let writing: Promise<void> = Promise.resolve();
    for (const batch of generatePopulation(areas, {
      count: options.count,
      seed: options.seed,
      batchSize: options.batchSize ?? DEFAULT_RESIDENT_BATCH,
      newId: randomUUID,
    })) {
      await writing;
      writing = queries.insertPopulationBatch(tx, batch);
      residents += batch.residents.length;
      households += batch.households.length;
      options.onProgress?.({ residents, households, total: options.count });
    }
    await writing;
    return { residents, households };
  });
  return { skipped: false, ...totals, existingBefore, elapsedMs: performance.now() - started };
}
