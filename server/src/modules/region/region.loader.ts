import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Database, Queryable } from '../../db/database.js';
import { CENSUS_2020_POPULATION } from './census-2020.js';
import { parseGsiShelters, type GsiListKind, type GsiSite } from './gsi-shelters.parse.js';
import { StrictImportError, type Rejection } from './import-result.js';
import { parseMunicipalities } from './municipalities.parse.js';
import { matchNanaoRows, NANAO_MATCH_MAX_DISTANCE_M } from './nanao.match.js';
import { NANAO_MUNICIPALITY_CODE, parseNanaoReference } from './nanao.parse.js';
import * as queries from './region.queries.js';
import { mergeShelterLists } from './shelters.dedup.js';

/** The bundled data: `geo/data` at the repository root. */
export const DEFAULT_REGION_DATA_DIR = path.resolve(import.meta.dirname, '../../../../geo/data');

export interface ImportOptions {
  dataDir?: string;
  /** Any invalid row makes the import throw `StrictImportError` (the caller's transaction rolls back). */
  strict?: boolean;
}

export interface MunicipalityImportSummary {
  accepted: number;
  rejected: Rejection[];
}

export interface ShelterImportSummary {
  /** Site rows written (after merging the two lists). */
  accepted: number;
  rejected: Rejection[];
  entries: { evacuation: number; emergency: number };
  sites: { total: number; designated: number; welfare: number; emergencyOnly: number; both: number };
}

export interface NanaoImportSummary {
  /** Shelters whose capacities were set. */
  accepted: number;
  rejected: Rejection[];
  /** Valid rows with no registry shelter of that name within the match distance. */
  unmatched: Rejection[];
}

export interface RegionSummary {
  municipalities: MunicipalityImportSummary;
  shelters: ShelterImportSummary;
  nanao: NanaoImportSummary;
}

function failIfStrict(importer: string, options: ImportOptions, rejected: Rejection[]): void {
  if (options.strict && rejected.length > 0) throw new StrictImportError(importer, rejected);
}

export async function importMunicipalities(
  q: Queryable,
  options: ImportOptions = {},
): Promise<MunicipalityImportSummary> {
  const dataDir = options.dataDir ?? DEFAULT_REGION_DATA_DIR;
  const source = 'municipalities.geojson';
  const parsed = parseMunicipalities(JSON.parse(await readFile(path.join(dataDir, source), 'utf8')), source);
  failIfStrict('municipalities', options, parsed.rejected);
  await queries.upsertMunicipalities(q, parsed.accepted);
  return { accepted: parsed.accepted.length, rejected: parsed.rejected };
}

async function readGsiList(
  dataDir: string,
  list: GsiListKind,
  knownMunicipalities: ReadonlySet<string>,
): Promise<{ sites: GsiSite[]; rejected: Rejection[] }> {
  const dir = path.join('gsi-shelters', list);
  const files = (await readdir(path.join(dataDir, dir))).filter((f) => /^\d{6}\.json$/.test(f)).sort();
  const sites: GsiSite[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const source = `${dir}/${file}`;
    const parsed = parseGsiShelters(JSON.parse(await readFile(path.join(dataDir, source), 'utf8')), {
      source,
      list,
      fileCode: file.slice(0, 6),
      knownMunicipalities,
    });
    rejected.push(...parsed.rejected);
    for (const site of parsed.accepted) {
      if (seen.has(site.sourceId)) {
        rejected.push({ source, row: 0, reason: `duplicate 共通ID ${site.sourceId}` });
        continue;
      }
      seen.add(site.sourceId);
      sites.push(site);
    }
  }
  return { sites, rejected };
}

/** Both GSI lists, merged into one row per site (see `mergeShelterLists`). Needs municipalities. */
export async function importShelters(
  q: Queryable,
  options: ImportOptions = {},
): Promise<ShelterImportSummary> {
  const dataDir = options.dataDir ?? DEFAULT_REGION_DATA_DIR;
  const known = await queries.knownMunicipalityCodes(q);
  const evacuation = await readGsiList(dataDir, 'evacuation', known);
  const emergency = await readGsiList(dataDir, 'emergency', known);
  const rejected = [...evacuation.rejected, ...emergency.rejected];
  failIfStrict('shelters', options, rejected);
  const records = mergeShelterLists(evacuation.sites, emergency.sites);
  await queries.upsertShelters(q, records);
  const count = (predicate: (r: (typeof records)[number]) => boolean) => records.filter(predicate).length;
  return {
    accepted: records.length,
    rejected,
    entries: { evacuation: evacuation.sites.length, emergency: emergency.sites.length },
    sites: {
      total: records.length,
      designated: count((r) => r.kind === 'designated_shelter'),
      welfare: count((r) => r.kind === 'welfare_shelter'),
      emergencyOnly: count((r) => r.kind === 'emergency_site'),
      both: count((r) => r.kind !== 'emergency_site' && r.isEmergencySite),
    },
  };
}

/** Capacities from Nanao city's list onto the matching registry shelters. Needs shelters. */
export async function importNanaoCapacities(
  q: Queryable,
  options: ImportOptions = {},
): Promise<NanaoImportSummary> {
  const dataDir = options.dataDir ?? DEFAULT_REGION_DATA_DIR;
  const source = 'nanao-2024/reference_data.csv';
  const parsed = parseNanaoReference(await readFile(path.join(dataDir, source), 'utf8'), source);
  failIfStrict('nanao', options, parsed.rejected);
  const shelters = await queries.sheltersInMunicipality(q, NANAO_MUNICIPALITY_CODE);
  const { matches, unmatched } = matchNanaoRows(parsed.accepted, shelters);
  const accepted = await queries.setCapacities(
    q,
    matches.map((m) => ({ shelterId: m.shelterId, capacity: m.row.capacity })),
  );
  return {
    accepted,
    rejected: parsed.rejected,
    unmatched: unmatched.map((row) => ({
      source,
      row: row.line,
      reason: `no registry shelter named like "${row.name}" within ${NANAO_MATCH_MAX_DISTANCE_M} m`,
    })),
  };
}

/**
 * Municipalities → shelters → Nanao capacities. Each step is its own transaction; with `strict`
 * the three run in one transaction and any invalid row loads nothing. Safe to run again: every
 * write is an upsert keyed on the source's code or id.
 */
export async function loadRegion(db: Database, options: ImportOptions = {}): Promise<RegionSummary> {
  type InTransaction = <T>(work: (q: Queryable) => Promise<T>) => Promise<T>;
  const steps = async (inTransaction: InTransaction): Promise<RegionSummary> => ({
    municipalities: await inTransaction((q) => importMunicipalities(q, options)),
    shelters: await inTransaction((q) => importShelters(q, options)),
    nanao: await inTransaction((q) => importNanaoCapacities(q, options)),
  });
  if (options.strict) return db.transaction((q) => steps((work) => work(q)));
  return steps((work) => db.transaction(work));
}

/** Cheap check for a later start: the region is there when every municipality and some shelters are. */
export async function isRegionLoaded(db: Queryable): Promise<boolean> {
  const codes = Object.keys(CENSUS_2020_POPULATION);
  const counts = await queries.countRegion(db, codes);
  return counts.municipalities === codes.length && counts.shelters > 0;
}
