import { describe, expect, it } from 'vitest';
import { personalDataIn } from './support/log-privacy.js';

// The global teardown scans every test server's log with this detector; it must see what it hunts.
describe('the log privacy detector', () => {
  it('finds the factories’ people and secrets in a log line', () => {
    expect(personalDataIn('{"msg":"found 試験 太郎"}')).toEqual(['family name', 'given name']);
    expect(personalDataIn('{"detail":"Key (birth_date)=(1980-04-01) already exists"}')).toEqual([
      'birth date',
    ]);
    expect(personalDataIn('{"address":"テスト県テスト市1-1"}')).toEqual(['address']);
    expect(personalDataIn('{"body":"pw-AbCdEfGhIjKl"}')).toEqual(['password']);
    expect(personalDataIn('{"cookie":"sid=0123456789abcdef0123"}')).toEqual(['session cookie']);
    expect(personalDataIn('{"deviceKey":"rk_secret"}')).toEqual(['secret field']);
  });

  it('passes what logs are meant to hold', () => {
    expect(
      personalDataIn('{"level":30,"time":1795000000000,"route":"/api/me/family","status":200,"ms":3.2}'),
    ).toEqual([]);
    expect(personalDataIn('{"msg":"expired","at":"2026-11-27T18:00:00.000Z"}')).toEqual([]);
    expect(personalDataIn('{"password":"[redacted]","deviceKey":"[redacted]"}')).toEqual([]);
  });
});
