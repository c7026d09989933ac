import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { targetingSummary } from './letterTargeting';

const NAMES: Record<string, string> = { '17202': '七尾市', '17204': '輪島市' };
const nameOf = (code: string) => NAMES[code] ?? code;

/** Echoes the key and its values, so the test reads what the line is made of. */
const t = ((key: string, values?: Record<string, unknown>) =>
  values ? `${key}${JSON.stringify(values)}` : key) as unknown as TFunction;

describe('a letter batch’s selection in a line', () => {
  it('names municipalities, a drawn area, the age band and the filters, in that order', () => {
    const line = targetingSummary(
      {
        municipalityCodes: ['17202', '17204'],
        polygons: [
          [
            [136.9, 37],
            [137, 37],
            [137, 37.1],
            [136.9, 37],
          ],
        ],
        ageMin: 60,
        whereabouts: ['evacuated_outside'],
      },
      t,
      nameOf,
    );
    expect(line).toBe(
      '七尾市・輪島市 / enrolment.letters.drawnArea / enrolment.letters.agesFrom{"min":60} / notices.whereabouts.evacuated_outside',
    );
  });

  it('says everyone for an empty selection, and uses the band key when both ends are set', () => {
    expect(targetingSummary({}, t, nameOf)).toBe('enrolment.letters.everyone');
    expect(targetingSummary({ ageMin: 20, ageMax: 30 }, t, nameOf)).toBe(
      'enrolment.letters.ages{"min":20,"max":30}',
    );
    expect(targetingSummary({ ageMax: 15 }, t, nameOf)).toBe('enrolment.letters.agesTo{"max":15}');
  });
});
