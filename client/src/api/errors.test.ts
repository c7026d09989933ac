import { describe, expect, it } from 'vitest';
import { ApiError, networkError, parseApiError } from './errors';

describe('parseApiError', () => {
  it('reads id, message and details from the documented error body', () => {
    const error = parseApiError(429, {
      error: { id: 'rate_limited', message: 'Too many attempts.', details: { retryAfterSeconds: 30 } },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, id: 'rate_limited', message: 'Too many attempts.' });
    expect(error.details).toEqual({ retryAfterSeconds: 30 });
  });

  it('falls back to the id when the message is missing', () => {
    expect(parseApiError(401, { error: { id: 'invalid_credentials' } }).message).toBe('invalid_credentials');
  });

  it.each([
    ['an HTML page from a proxy', '<html>Bad Gateway</html>'],
    ['an empty body', undefined],
    ['an error without an id', { error: { message: 'x' } }],
    ['a bare string error', { error: 'boom' }],
    ['null', null],
  ])('turns %s into an unknown error that keeps the status', (_label, body) => {
    expect(parseApiError(502, body)).toMatchObject({ status: 502, id: 'unknown', message: 'HTTP 502' });
  });
});

describe('networkError', () => {
  it('has status 0 and id network', () => {
    expect(networkError(new TypeError('Failed to fetch'))).toMatchObject({
      status: 0,
      id: 'network',
      message: 'Failed to fetch',
    });
  });
});
