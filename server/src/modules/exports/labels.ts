import type { Place, ReportSource, Safety } from '@contract/whereabouts/whereabouts.types.js';

/** Japanese wording used in the 安否情報 export and PFIF text (see docs/family-and-privacy.md). */
export const SAFETY_JA: Record<Safety, string> = {
  safe: '無事',
  injured: '負傷',
  needs_support: '要支援',
  missing: '行方不明',
};

export const SEX_JA: Record<string, string> = { female: '女', male: '男', other: 'その他', unspecified: '' };

const PLACE_JA: Record<Place, string> = {
  shelter: '避難所',
  home: '自宅',
  vehicle: '車中',
  relatives: '親族・知人宅',
  hospital: '病院',
  evacuated_outside: '市町村外へ避難',
  unknown: '不明',
};

export const SOURCE_JA: Record<ReportSource, string> = {
  card_tap: '避難所受付（カード）',
  staff: '職員',
  self_report: '本人',
  family: '家族',
  import: '取込',
};

export interface PlaceParts {
  place: Place;
  shelter_name: string | null;
  shelter_address: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
}

/** 居所 as one line: "避難所 ○○小学校（住所）", "市町村外へ避難 金沢市", "自宅" … */
export function describePlace(row: PlaceParts): string {
  if (row.place === 'shelter' && row.shelter_name) {
    return `${PLACE_JA.shelter} ${row.shelter_name}${row.shelter_address ? `（${row.shelter_address}）` : ''}`;
  }
  if (row.place === 'evacuated_outside' && row.municipality_code) {
    return `${PLACE_JA.evacuated_outside} ${row.municipality_name ?? row.municipality_code.trim()}`;
  }
  return PLACE_JA[row.place];
}
