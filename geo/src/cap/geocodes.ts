/**
 * CAP geocodes this system can turn into municipalities. Anything else is kept and exported as
 * written, but cannot target anyone by itself.
 */
const JIS_VALUE_NAMES = new Set([
  'JIS X0402',
  'JISX0402',
  'JIS X 0402',
  '全国地方公共団体コード',
  '市区町村コード',
]);
const JMA_TSUNAMI_VALUE_NAMES = new Set(['津波予報区', 'JMA tsunami forecast area']);

/**
 * JMA tsunami forecast areas (津波予報区) on Ishikawa's coast and the coastal municipalities in
 * each, so a national tsunami warning addressed to "石川県能登" reaches the people there.
 */
export const JMA_TSUNAMI_AREAS: Record<string, { name: string; municipalities: string[] }> = {
  '391': {
    name: '石川県能登',
    municipalities: ['17202', '17204', '17205', '17207', '17384', '17386', '17461', '17463'],
  },
  '392': {
    name: '石川県加賀',
    municipalities: ['17201', '17203', '17206', '17209', '17210', '17211', '17365'],
  },
};

export type GeocodeResolution =
  | { kind: 'municipalities'; codes: string[] }
  | { kind: 'unknown_value'; message: string }
  | { kind: 'unsupported_name' };

/** JIS X 0402 codes come as 5 digits or 6 with a check digit (172014 = 17201 金沢市). */
function jisMunicipality(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^\d{5}$/.test(trimmed)) return trimmed;
  if (/^\d{6}$/.test(trimmed)) return trimmed.slice(0, 5);
  return undefined;
}

export function resolveGeocode(valueName: string, value: string): GeocodeResolution {
  const name = valueName.trim();
  if (JIS_VALUE_NAMES.has(name)) {
    const code = jisMunicipality(value);
    return code
      ? { kind: 'municipalities', codes: [code] }
      : { kind: 'unknown_value', message: `"${value}" is not a 5- or 6-digit JIS X 0402 code` };
  }
  if (JMA_TSUNAMI_VALUE_NAMES.has(name)) {
    const area = JMA_TSUNAMI_AREAS[value.trim()];
    return area
      ? { kind: 'municipalities', codes: area.municipalities }
      : { kind: 'unknown_value', message: `"${value}" is not a tsunami forecast area of this region` };
  }
  return { kind: 'unsupported_name' };
}
