import type { SafetyRecordRow } from './exports.queries.js';
import { describePlace, SAFETY_JA, SEX_JA, SOURCE_JA } from './labels.js';

/**
 * Columns of the 安否情報 CSV, after the items of the FDMA 安否情報システム collection form
 * (避難住民: 氏名, フリガナ, 出生の年月日, 男女の別, 住所, 負傷又は疾病の状況, 居所, 連絡先その他,
 * 回答・公表の同意). The mapping from our fields is documented in docs/family-and-privacy.md.
 */
export const ANPI_COLUMNS = [
  '氏名',
  'フリガナ',
  '生年月日',
  '性別',
  '住所',
  '安否の状況',
  '居所',
  '連絡先等',
  '親族・同居者への回答の希望',
  '知人への回答の希望',
  '親族・同居者・知人以外の者への回答又は公表の同意',
  '最終報告日時',
  '報告元',
] as const;

/**
 * RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula
 * (OWASP CSV injection).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const yesNo = (value: boolean) => (value ? '有' : '無');

/** When a report says nothing about health, a person checked in or reporting is not "missing". */
function safetyText(row: SafetyRecordRow): string {
  return row.safety ? SAFETY_JA[row.safety] : '不明';
}

export function anpiRow(row: SafetyRecordRow): string[] {
  const showsHousehold =
    row.whereabouts_visibility === 'household_and_designees' || row.whereabouts_visibility === 'household';
  const showsDesignees =
    row.whereabouts_visibility === 'household_and_designees' || row.whereabouts_visibility === 'designees';
  return [
    `${row.family_name} ${row.given_name}`,
    [row.family_name_kana, row.given_name_kana].filter(Boolean).join(' '),
    row.birth_date ?? '',
    SEX_JA[row.sex] ?? '',
    row.home_address ?? '',
    safetyText(row),
    describePlace(row),
    row.place === 'shelter' && row.shelter_name ? `${row.shelter_name}気付` : '',
    yesNo(showsHousehold),
    yesNo(showsDesignees),
    yesNo(row.disclose_safety),
    row.occurred_at.toISOString(),
    SOURCE_JA[row.source],
  ];
}

/** UTF-8 with a byte-order mark and CRLF line ends, as spreadsheet software in Japan expects. */
export function buildAnpiCsv(rows: SafetyRecordRow[]): string {
  const lines = [ANPI_COLUMNS.join(','), ...rows.map((row) => anpiRow(row).map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
