import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { noticeErrorKey, personalDataProblems } from './noticeErrors';

describe('notice errors', () => {
  it('explains the notice error ids and falls back to the shared ones', () => {
    expect(noticeErrorKey(new ApiError(400, 'notice_personal_data', 'x'))).toBe(
      'notices.errors.notice_personal_data',
    );
    expect(noticeErrorKey(new ApiError(403, 'forbidden', 'x'))).toBe('errors.forbidden');
    expect(noticeErrorKey(new Error('boom'))).toBe('errors.unknown');
  });

  it('reads the personal-data findings from the details', () => {
    const problems = [{ field: 'ja.body', kind: 'phone' }];
    expect(personalDataProblems(new ApiError(400, 'notice_personal_data', 'x', { problems }))).toEqual(
      problems,
    );
    expect(personalDataProblems(new ApiError(400, 'validation_failed', 'x', { problems }))).toEqual([]);
  });
});
