import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CENSUS_2020_POPULATION } from './census-2020.js';
import { parseGsiShelters } from './gsi-shelters.parse.js';
import { parseMunicipalities } from './municipalities.parse.js';
import { parseNanaoReference } from './nanao.parse.js';
import { DEFAULT_REGION_DATA_DIR } from './region.loader.js';
import { CENSUS_MUNICIPALITY_COUNT, MUNICIPALITY_NAME_COUNT } from './site-names.js';

const square = (lon: number, lat: number) => [
  [
    [lon, lat],
    [lon + 0.1, lat],
    [lon + 0.1, lat + 0.1],
    [lon, lat + 0.1],
    [lon, lat],
  ],
];

const n03 = (code: string, name: string, coordinates = square(136.9, 37.0), prefecture = '石川県') => ({
  type: 'Feature',
  properties: { N03_001: prefecture, N03_004: name, N03_007: code },
  geometry: { type: 'Polygon', coordinates },
});

describe('parseMunicipalities', () => {
  it('accepts the bundled boundaries: 19 municipalities with census populations', async () => {
    const text = await readFile(path.join(DEFAULT_REGION_DATA_DIR, 'municipalities.geojson'), 'utf8');
    const { accepted, rejected } = parseMunicipalities(JSON.parse(text), 'municipalities.geojson');
    expect(rejected).toEqual([]);
    expect(accepted).toHaveLength(19);
    expect(accepted.reduce((sum, m) => sum + (m.population ?? 0), 0)).toBe(1_132_526);
    expect(accepted.find((m) => m.code === '17202')).toMatchObject({ name: '七尾市', prefecture: '石川県' });
  });

  it('rejects bad features with reasons and keeps the good ones', () => {
    const { accepted, rejected } = parseMunicipalities(
      {
        type: 'FeatureCollection',
        features: [
          n03('17202', '七尾市'),
          n03('1720', '短い'),
          n03('17203', ' '),
          n03('17202', '七尾市'),
          n03('16201', '富山市', square(137.2, 36.7), '富山県'),
          n03('17204', '輪島市', square(139.5, 35.6)),
        ],
      },
      'm.geojson',
    );
    expect(accepted.map((m) => m.code)).toEqual(['17202']);
    expect(rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, expect.stringMatching(/5-digit/)],
      [3, expect.stringMatching(/empty municipality name/)],
      [4, expect.stringMatching(/duplicate/)],
      [5, expect.stringMatching(/not in 石川県/)],
      [6, expect.stringMatching(/outside Ishikawa/)],
    ]);
  });

  it('knows every census municipality by name for site-name matching', () => {
    expect(MUNICIPALITY_NAME_COUNT).toBe(CENSUS_MUNICIPALITY_COUNT);
    expect(Object.keys(CENSUS_2020_POPULATION)).toHaveLength(19);
  });
});

const gsi = (id: string, name: string, lon = 136.96, lat = 37.04, extra: Record<string, string> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { 共通ID: id, '施設・場所名': name, 住所: '石川県七尾市某町1', ...extra },
});

describe('parseGsiShelters', () => {
  const known = new Set(['17202']);

  it('reads hazards from the emergency list and rejects bad rows with reasons', () => {
    const { accepted, rejected } = parseGsiShelters(
      {
        type: 'FeatureCollection',
        features: [
          gsi('E1720200001201', '七尾中学校', 136.96, 37.04, {
            地震: '1',
            津波: '1',
            洪水: '',
            指定避難所との住所同一: '1',
          }),
          gsi('E1720200002201', ''),
          gsi('E1720200003201', '海の上', 140.1, 37.0),
          gsi('E1720200004201', '逆さま', 37.04, 136.96),
          gsi('E1720200005111', '別の一覧'),
          gsi('E1720300006201', '小松の施設'),
          gsi('X', '番号なし'),
        ],
      },
      { source: 'emergency/172022.json', list: 'emergency', fileCode: '172022', knownMunicipalities: known },
    );
    expect(accepted).toEqual([
      expect.objectContaining({
        sourceId: 'E1720200001201',
        hazards: ['earthquake', 'tsunami'],
        sameAddressInOtherList: true,
        municipalityCode: '17202',
      }),
    ]);
    expect(rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, expect.stringMatching(/empty site name/)],
      [3, expect.stringMatching(/outside Ishikawa/)],
      [4, expect.stringMatching(/outside Ishikawa/)],
      [5, expect.stringMatching(/other list/)],
      [6, expect.stringMatching(/not in municipality 172022/)],
      [7, expect.stringMatching(/共通ID/)],
    ]);
  });

  it('marks welfare shelters by the 共通ID kind digit and rejects unknown municipalities', () => {
    const { accepted, rejected } = parseGsiShelters(
      {
        type: 'FeatureCollection',
        features: [gsi('E1720200013121', 'デイサービスセンター'), gsi('E1720200013111', '公民館')],
      },
      {
        source: 'evacuation/172022.json',
        list: 'evacuation',
        fileCode: '172022',
        knownMunicipalities: known,
      },
    );
    expect(accepted.map((s) => [s.name, s.welfare, s.hazards])).toEqual([
      ['デイサービスセンター', true, []],
      ['公民館', false, []],
    ]);
    expect(rejected).toEqual([]);
    const unknown = parseGsiShelters(
      { type: 'FeatureCollection', features: [gsi('E1720200013111', '公民館')] },
      { source: 'x', list: 'evacuation', fileCode: '172022', knownMunicipalities: new Set() },
    );
    expect(unknown.rejected[0]?.reason).toMatch(/unknown municipality code 17202/);
  });
});

describe('parseNanaoReference', () => {
  const header = 'ID,名称,所在地_全国地方公共団体コード,緯度,経度,想定収容人数';

  it('parses the bundled list: 109 rows with capacities, 3 incomplete rows rejected', async () => {
    const source = 'nanao-2024/reference_data.csv';
    const text = await readFile(path.join(DEFAULT_REGION_DATA_DIR, source), 'utf8');
    const { accepted, rejected } = parseNanaoReference(text, source);
    expect(accepted).toHaveLength(109);
    expect(rejected.map((r) => r.row)).toEqual([112, 113, 114]);
    expect(accepted.find((r) => r.name === '県立七尾高等学校')?.capacity).toEqual({
      indoor: 2736,
      outdoor: 11700,
    });
    // A quoted name spanning two lines does not shift the line numbers of later rows.
    expect(accepted.find((r) => r.name === '和倉温泉運動公園')?.capacity).toEqual({
      indoor: 88,
      outdoor: 22520,
    });
  });

  it('rejects bad rows with their line and reason', () => {
    const csv = [
      header,
      'CC1,"七尾中学校",172022,37.03803,136.95849,"屋内1,371人／屋外5,470人（面積の1/2）"',
      'CC2,,172022,37.0,136.9,屋内1人／屋外1人',
      'CC3,学校,172031,37.0,136.9,屋内1人／屋外1人',
      'CC4,学校,172022,,136.9,屋内1人／屋外1人',
      'CC5,学校,172022,36.9,1369,屋内1人／屋外1人',
      'CC6,学校,172022,37.0,136.9,未定',
      'CC1,重複,172022,37.0,136.9,屋内1人／屋外1人',
    ].join('\n');
    const { accepted, rejected } = parseNanaoReference(csv, 'n.csv');
    expect(accepted.map((r) => r.id)).toEqual(['CC1']);
    expect(rejected.map((r) => [r.row, r.reason])).toEqual([
      [3, 'empty name'],
      [4, expect.stringMatching(/not Nanao/)],
      [5, expect.stringMatching(/latitude\/longitude/)],
      [6, expect.stringMatching(/outside Ishikawa/)],
      [7, expect.stringMatching(/not understood/)],
      [8, expect.stringMatching(/duplicate ID CC1/)],
    ]);
  });

  it('reports a missing column and broken quoting instead of guessing', () => {
    expect(parseNanaoReference('ID,名称\nCC1,x', 'n.csv').rejected[0]?.reason).toMatch(/missing column/);
    expect(parseNanaoReference(`${header}\nCC1,"open,172022`, 'n.csv').rejected[0]?.reason).toMatch(
      /unterminated/,
    );
  });
});
