import { useTranslation } from 'react-i18next';

/** Counts and percentages in the reader's language (thousands separators, one decimal at most). */
export function useNumberFormat(): { count: (n: number) => string; percent: (p: number | null) => string } {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return {
    count: (n) => n.toLocaleString(language),
    percent: (p) => (p === null ? '–' : `${p.toLocaleString(language, { maximumFractionDigits: 1 })}%`),
  };
}
