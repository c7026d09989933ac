import { distanceMeters } from '@geo/src/geometry.js';
import type { GsiSite } from './gsi-shelters.parse.js';
import type { Hazard } from './hazards.js';
import { sameSiteName } from './site-names.js';

export type ShelterKind = 'designated_shelter' | 'emergency_site' | 'welfare_shelter';

export interface ShelterRecord {
  /** 共通ID of the evacuation-list entry when there is one, else of the emergency-list entry. */
  sourceId: string;
  /** 共通ID of the emergency-list entry merged into this site, if any. */
  emergencySourceId: string | null;
  name: string;
  address: string | null;
  kind: ShelterKind;
  isEmergencySite: boolean;
  municipalityCode: string;
  lon: number;
  lat: number;
  hazards: Hazard[];
}

/** Farther apart than this, two entries are different sites whatever their names. */
export const SAME_SITE_MAX_DISTANCE_M = 300;

/** GSI's address serial (digits 7–11 of 共通ID): both lists use the same serial for one address. */
function addressSerial(sourceId: string): string {
  return sourceId.slice(1, 11);
}

/**
 * Merges the 指定避難所 and 指定緊急避難場所 lists into one row per physical site.
 *
 * The rule, worked out from the Ishikawa data (941 + 1,536 entries):
 * - 共通ID alone is not enough: GSI gives both entries at one address the same serial, but one
 *   address can hold several facilities (金沢大学附属 小/中/高), and a few municipalities numbered
 *   the two lists independently (45 same-name pairs sit 0–10 m apart under different serials).
 * - The 住所同一 flags say "the other list has something at this address", not which entry.
 * - So: an evacuation entry and an emergency entry are one site when they are in the same
 *   municipality, at most 300 m apart, and their names agree after normalisation (see
 *   `sameSiteName`: prefixes 石川県/市町名/市立/県立/旧, floor qualifiers like （３階）, 高等学校 =
 *   高校; or one name contains the other). Pairs are taken closest first, preferring the same GSI
 *   serial on ties; each entry joins at most one pair.
 * The merged row keeps the evacuation entry's id, name, address and point (the building people
 * stay in), takes the hazards from the emergency entry and sets `is_emergency_site`.
 */
export function mergeShelterLists(evacuation: GsiSite[], emergency: GsiSite[]): ShelterRecord[] {
  const emergencyByMunicipality = new Map<string, GsiSite[]>();
  for (const site of emergency) {
    const list = emergencyByMunicipality.get(site.municipalityCode) ?? [];
    list.push(site);
    emergencyByMunicipality.set(site.municipalityCode, list);
  }

  const candidates: { evac: GsiSite; emer: GsiSite; distance: number; sameSerial: boolean }[] = [];
  for (const evac of evacuation) {
    for (const emer of emergencyByMunicipality.get(evac.municipalityCode) ?? []) {
      const distance = distanceMeters(evac.lon, evac.lat, emer.lon, emer.lat);
      if (distance <= SAME_SITE_MAX_DISTANCE_M && sameSiteName(evac.name, emer.name)) {
        candidates.push({
          evac,
          emer,
          distance,
          sameSerial: addressSerial(evac.sourceId) === addressSerial(emer.sourceId),
        });
      }
    }
  }
  candidates.sort(
    (a, b) =>
      a.distance - b.distance ||
      Number(b.sameSerial) - Number(a.sameSerial) ||
      a.evac.sourceId.localeCompare(b.evac.sourceId) ||
      a.emer.sourceId.localeCompare(b.emer.sourceId),
  );

  const partnerOf = new Map<string, GsiSite>();
  const takenEmergency = new Set<string>();
  for (const { evac, emer } of candidates) {
    if (partnerOf.has(evac.sourceId) || takenEmergency.has(emer.sourceId)) continue;
    partnerOf.set(evac.sourceId, emer);
    takenEmergency.add(emer.sourceId);
  }

  const merged: ShelterRecord[] = evacuation.map((evac) => {
    const partner = partnerOf.get(evac.sourceId);
    return {
      sourceId: evac.sourceId,
      emergencySourceId: partner?.sourceId ?? null,
      name: evac.name,
      address: evac.address,
      kind: evac.welfare ? 'welfare_shelter' : 'designated_shelter',
      isEmergencySite: partner !== undefined,
      municipalityCode: evac.municipalityCode,
      lon: evac.lon,
      lat: evac.lat,
      hazards: partner?.hazards ?? [],
    };
  });
  for (const emer of emergency) {
    if (takenEmergency.has(emer.sourceId)) continue;
    merged.push({
      sourceId: emer.sourceId,
      emergencySourceId: null,
      name: emer.name,
      address: emer.address,
      kind: 'emergency_site',
      isEmergencySite: true,
      municipalityCode: emer.municipalityCode,
      lon: emer.lon,
      lat: emer.lat,
      hazards: emer.hazards,
    });
  }
  return merged;
}
