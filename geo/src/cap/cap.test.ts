import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { geodesicDestination, geodesicDistance } from '../targeting/geodesic.js';
import { areaSetOf } from '../targeting/area-set.js';
import { formatCapCircle, formatCapPolygon, parseCapCircle, parseCapPolygon } from './cap.area.js';
import { formatCapDateTime } from './cap.datetime.js';
import { validateCapAlert, type CapAlertInput } from './cap.schema.js';
import { toCapXml } from './cap.serialize.js';
import { parseCapXml } from './cap.xml.js';

const fixture = readFileSync(path.join(import.meta.dirname, 'fixtures/jma-tsunami-ishikawa.xml'), 'utf8');

const minimal = (over: Partial<CapAlertInput> = {}): CapAlertInput => ({
  identifier: 'hq-1',
  sender: 'hq@pref.ishikawa.example',
  sent: '2024-01-01T16:30:00+09:00',
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Public',
  info: [
    {
      language: 'ja-JP',
      category: ['Geo'],
      event: '避難指示',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      area: [{ areaDesc: 'テスト', polygon: ['37.0,136.9 37.0,137.0 37.1,137.0 37.0,136.9'] }],
    },
  ],
  ...over,
});

const problemsOf = (input: unknown) => {
  const result = validateCapAlert(input);
  return 'problems' in result ? result.problems : [];
};

describe('CAP 1.2 parsing and validation', () => {
  it('imports the JMA-style tsunami warning and resolves its forecast areas to municipalities', () => {
    const parsed = parseCapXml(fixture);
    if (!('alert' in parsed)) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.alert.info).toHaveLength(3);
    expect(parsed.alert.info[1]!.web).toBe('https://www.jma.go.jp/bosai/map.html#lang=en&contents=tsunami');
    const set = areaSetOf(parsed.alert);
    if (!('areaSet' in set)) throw new Error('no area set');
    expect(set.areaSet.municipalityCodes).toContain('17204'); // 輪島市 (能登)
    expect(set.areaSet.municipalityCodes).toContain('17201'); // 金沢市 (加賀)
  });

  it('round-trips through its own CAP export', () => {
    const first = parseCapXml(fixture);
    if (!('alert' in first)) throw new Error('fixture invalid');
    const again = parseCapXml(toCapXml(first.alert));
    expect(again).toEqual(first);
  });

  it('refuses DOCTYPE / ENTITY declarations before parsing (XXE, entity bombs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
      <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol2;</identifier></alert>`;
    expect(parseCapXml(bomb)).toMatchObject({ error: 'cap_xml_forbidden' });
    const xxe = `<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><alert>&x;</alert>`;
    expect(parseCapXml(xxe)).toMatchObject({ error: 'cap_xml_forbidden' });
  });

  it('names malformed XML, wrong namespace and oversized documents', () => {
    expect(parseCapXml('<alert><identifier>x</alert>')).toMatchObject({ error: 'cap_xml_malformed' });
    expect(parseCapXml('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"></alert>')).toMatchObject({
      error: 'cap_invalid',
      problems: [{ path: 'alert' }],
    });
    expect(parseCapXml(`<alert>${' '.repeat(1024 * 1024)}</alert>`)).toMatchObject({
      error: 'cap_too_large',
    });
  });

  it('names the element of each CAP rule broken', () => {
    const paths = (input: unknown) => problemsOf(input).map((p) => p.path);
    expect(paths({ ...minimal(), identifier: 'has space' })).toEqual(['identifier']);
    expect(paths({ ...minimal(), sent: '2024-01-01T07:30:00Z' })).toEqual(['sent']);
    expect(paths({ ...minimal(), status: 'Real' })).toEqual(['status']);
    expect(paths({ ...minimal(), msgType: 'Ack' })).toEqual(['msgType']);
    expect(paths({ ...minimal(), msgType: 'Cancel' })).toEqual(['references']);
    expect(paths({ ...minimal(), msgType: 'Update', references: 'sender,id' })).toEqual(['references']);
    expect(paths({ ...minimal(), scope: 'Restricted' })).toEqual(['restriction']);
    const info = minimal().info![0]!;
    expect(paths(minimal({ info: [{ ...info, severity: 'Bad' as never }] }))).toEqual(['info[0].severity']);
    const withArea = (area: object) => minimal({ info: [{ ...info, area: [{ areaDesc: 'x', ...area }] }] });
    expect(paths(withArea({ polygon: ['37,137 37,138 38,138 38,137'] }))).toEqual([
      'info[0].area[0].polygon[0]',
    ]);
    expect(paths(withArea({ circle: ['37,137 0'] }))).toEqual(['info[0].area[0].circle[0]']);
  });

  it('rejects unclosed, short, self-intersecting and out-of-range polygons, and absurd circles', () => {
    const error = (text: string) =>
      'error' in parseCapPolygon(text) ? (parseCapPolygon(text) as { error: string }).error : '';
    expect(error('37,137 37,138 38,138 38,137')).toMatch(/not closed/);
    expect(error('37,137 37,138 37,137')).toMatch(/at least 4/);
    expect(error('37,137 38,138 37,138 38,137 37,137')).toMatch(/intersects itself/);
    expect(error('91,137 37,138 38,138 91,137')).toMatch(/latitude/);
    expect(error('37,137 37,138 37,139 37,137')).toMatch(/intersects itself|no area/);
    expect(parseCapPolygon('37,137 37,138 38,138 38,137 37,137')).toHaveProperty('value');
    expect((parseCapCircle('37,137 -1') as { error: string }).error).toMatch(/greater than 0/);
    expect((parseCapCircle('37,137 501') as { error: string }).error).toMatch(/at most 500/);
    expect(parseCapCircle('37.1,136.9 2.5')).toEqual({ value: { lat: 37.1, lon: 136.9, radiusKm: 2.5 } });
  });

  it('formats map shapes and dates the CAP way', () => {
    expect(
      formatCapPolygon([
        [137, 37],
        [138, 37],
        [138, 38],
      ]),
    ).toBe('37,137 37,138 38,138 37,137');
    expect(formatCapCircle({ lat: 37.1, lon: 136.9, radiusKm: 2 })).toBe('37.1,136.9 2');
    expect(formatCapDateTime(new Date('2024-01-01T07:22:00.500Z'))).toBe('2024-01-01T16:22:00+09:00');
  });

  it('measures geodesics on the WGS 84 ellipsoid', () => {
    // Vincenty's reference pair (Flinders Peak → Buninyong): 54,972.271 m.
    const d = geodesicDistance(
      [144.424_867_888_9, -37.951_033_416_7],
      [143.926_495_527_8, -37.652_821_138_9],
    );
    expect(d).toBeCloseTo(54_972.271, 2);
    const there = geodesicDestination([136.9, 37.1], 45, 5000);
    expect(geodesicDistance([136.9, 37.1], there)).toBeCloseTo(5000, 3);
  });
});
