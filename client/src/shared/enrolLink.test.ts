import { describe, expect, it } from 'vitest';
import { codeFromHash, isEnrolHash } from './enrolLink';

describe('enrolment links', () => {
  it('recognise the enrolment page with or without a code', () => {
    expect(isEnrolHash('#/enrol')).toBe(true);
    expect(isEnrolHash('#/enrol?code=ABCD-EFGH')).toBe(true);
    expect(isEnrolHash('#/enrolment')).toBe(false);
    expect(isEnrolHash('#/login')).toBe(false);
  });

  it('read the code from a QR code link', () => {
    expect(codeFromHash('#/enrol?code=7KQM-R2XH-9PDT-WC4N')).toBe('7KQM-R2XH-9PDT-WC4N');
    expect(codeFromHash('#/enrol')).toBe('');
    expect(codeFromHash('#/resident?code=7KQM')).toBe('');
    expect(codeFromHash(`#/enrol?code=${'A'.repeat(500)}`)).toHaveLength(64);
  });
});
