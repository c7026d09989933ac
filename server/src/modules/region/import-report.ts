import type { Rejection } from './import-result.js';

/**
 * Console lines for an import summary. Only sources, row numbers and reasons: the region data holds
 * no personal data, and these lines must stay free of it should that change.
 */
export function formatRejections(title: string, rejections: Rejection[]): string[] {
  if (rejections.length === 0) return [];
  return [
    `${title} (${rejections.length}):`,
    ...rejections.map((r) => `  ${r.source}:${r.row}  ${r.reason}`),
  ];
}
