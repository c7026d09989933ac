import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CENSUS_2020_POPULATION } from './census-2020.js';
import { parseGsiShelters, type GsiListKind, type GsiSite } from './gsi-shelters.parse.js';
import { DEFAULT_REGION_DATA_DIR } from './region.loader.js';
import { mergeShelterLists } from './shelters.dedup.js';
import { sameSiteName, siteNameKey } from './site-names.js';

function site(list: GsiListKind, sourceId: string, name: string, lon: number, lat: number): GsiSite {
  return {
    sourceId,
    list,
    welfare: false,
    name,
    address: null,
    municipalityCode: sourceId.slice(1, 6),
    lon,
    lat,
    hazards: list === 'emergency' ? ['earthquake', 'tsunami'] : [],
    sameAddressInOtherList: true,
  };
}

describe('site names', () => {
  it.each([
    ['緑小学校', '金沢市立緑小学校'],
    ['金沢西高校', '石川県立金沢西高等学校'],
    ['旧朝日小学校', '旧金沢市立朝日小学校'],
    ['蛸島小学校', '蛸島小学校（３階）'],
    ['鶴寿園', '金沢市老人福祉センター鶴寿園'],
    ['和倉温泉運動公園', '和倉温泉運動公園\u3000（多目的グラウンド、ヨットハーバー）'],
  ])('%s and %s name one site', (a, b) => {
    expect(sameSiteName(a, b)).toBe(true);
  });

  it.each([
    ['北陸学院小学校', '北陸学院大学'],
    ['金沢大学附属中学校', '金沢大学附属小学校'],
    ['公園', '中央公園'],
  ])('%s and %s are different sites', (a, b) => {
    expect(sameSiteName(a, b)).toBe(false);
  });

  it('normalises width and spaces', () => {
    expect(siteNameKey('ミナ．クル （４Ｆ）')).toBe('ミナ.クル');
  });
});

describe('mergeShelterLists', () => {
  it('merges same-name entries within 300 m into one designated shelter with the emergency hazards', () => {
    const merged = mergeShelterLists(
      [site('evacuation', 'E1720100005111', '緑小学校', 136.6, 36.5)],
      [site('emergency', 'E1720100005201', '金沢市立緑小学校', 136.6005, 36.5)],
    );
    expect(merged).toEqual([
      expect.objectContaining({
        sourceId: 'E1720100005111',
        emergencySourceId: 'E1720100005201',
        name: '緑小学校',
        kind: 'designated_shelter',
        isEmergencySite: true,
        hazards: ['earthquake', 'tsunami'],
      }),
    ]);
  });

  it('keeps sites apart when too far, differently named, or in another municipality', () => {
    const merged = mergeShelterLists(
      [
        site('evacuation', 'E1720100001111', '緑小学校', 136.6, 36.5),
        site('evacuation', 'E1720100002111', '北陸学院小学校', 136.7, 36.5),
        site('evacuation', 'E1720100003111', '中央公民館', 136.8, 36.5),
      ],
      [
        // Same name, ~450 m away.
        site('emergency', 'E1720100001201', '緑小学校', 136.605, 36.5),
        // Same GSI address serial, different facility.
        site('emergency', 'E1720100002201', '北陸学院大学', 136.7, 36.5),
        // Same name and place, other municipality code.
        site('emergency', 'E1720300003201', '中央公民館', 136.8, 36.5),
      ],
    );
    expect(merged).toHaveLength(6);
    expect(merged.filter((s) => s.kind === 'emergency_site')).toHaveLength(3);
    expect(merged.every((s) => s.emergencySourceId === null)).toBe(true);
  });

  it('pairs each entry at most once, closest first', () => {
    const merged = mergeShelterLists(
      [site('evacuation', 'E1720200001111', '公民館前広場', 136.9, 37.0)],
      [
        site('emergency', 'E1720200009201', '公民館前広場', 136.901, 37.0),
        site('emergency', 'E1720200001201', '公民館前広場', 136.9001, 37.0),
      ],
    );
    expect(merged.map((s) => [s.sourceId, s.emergencySourceId])).toEqual([
      ['E1720200001111', 'E1720200001201'],
      ['E1720200009201', null],
    ]);
  });

  it('turns the bundled 941 + 1,536 entries into 1,855 sites', async () => {
    const known = new Set(Object.keys(CENSUS_2020_POPULATION));
    const read = async (list: GsiListKind) => {
      const dir = path.join(DEFAULT_REGION_DATA_DIR, 'gsi-shelters', list);
      const sites: GsiSite[] = [];
      for (const file of (await readdir(dir)).sort()) {
        const json: unknown = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
        const parsed = parseGsiShelters(json, {
          source: file,
          list,
          fileCode: file.slice(0, 6),
          knownMunicipalities: known,
        });
        expect(parsed.rejected).toEqual([]);
        sites.push(...parsed.accepted);
      }
      return sites;
    };
    const evacuation = await read('evacuation');
    const emergency = await read('emergency');
    expect([evacuation.length, emergency.length]).toEqual([941, 1536]);
    const merged = mergeShelterLists(evacuation, emergency);
    const count = (kind: string, emergencySite: boolean) =>
      merged.filter((s) => s.kind === kind && s.isEmergencySite === emergencySite).length;
    expect({
      total: merged.length,
      designatedOnly: count('designated_shelter', false),
      designatedAndEmergency: count('designated_shelter', true),
      welfareOnly: count('welfare_shelter', false),
      welfareAndEmergency: count('welfare_shelter', true),
      emergencyOnly: count('emergency_site', true),
    }).toEqual({
      total: 1855,
      designatedOnly: 269,
      designatedAndEmergency: 611,
      welfareOnly: 50,
      welfareAndEmergency: 11,
      emergencyOnly: 914,
    });
    expect(new Set(merged.map((s) => s.sourceId)).size).toBe(merged.length);
  });
});
