import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { accountErrorKeys } from './accountErrors';

describe('accountErrorKeys', () => {
  it("names each of the server's password problems", () => {
    const error = new ApiError(400, 'weak_password', 'Choose another password', [
      { path: 'body.newPassword', problem: 'too_short' },
      { path: 'body.newPassword', problem: 'contains_username' },
    ]);
    expect(accountErrorKeys(error)).toEqual([
      'account.problems.too_short',
      'account.problems.contains_username',
    ]);
  });

  it('falls back to a general message for problems it does not know', () => {
    const error = new ApiError(400, 'weak_password', 'x', [{ problem: 'new_rule' }, 'junk', null]);
    expect(accountErrorKeys(error)).toEqual(['errors.unknown']);
  });

  it('explains a wrong current password and the shared errors', () => {
    expect(accountErrorKeys(new ApiError(403, 'wrong_password', 'x'))).toEqual([
      'account.errors.wrong_password',
    ]);
    expect(accountErrorKeys(new ApiError(400, 'same_password', 'x'))).toEqual([
      'account.errors.same_password',
    ]);
    expect(accountErrorKeys(new ApiError(429, 'rate_limited', 'x'))).toEqual(['errors.rate_limited']);
    expect(accountErrorKeys(new ApiError(0, 'network', 'x'))).toEqual(['errors.network']);
    expect(accountErrorKeys(new Error('boom'))).toEqual(['errors.unknown']);
  });
});
