import { describe, expect, it } from 'vitest';
import { hashFor, homePageFor, pagesFor, parseHash, resolvePage } from './routes';

describe('routes', () => {
  it('sends each role to its own home page', () => {
    expect(homePageFor('hq_operator')).toBe('hq');
    expect(homePageFor('admin')).toBe('hq');
    expect(homePageFor('shelter_staff')).toBe('shelter');
    expect(homePageFor('resident')).toBe('resident');
  });

  it('parses hashes and rejects unknown pages', () => {
    expect(parseHash('#/hq')).toBe('hq');
    expect(parseHash('#/shelter/123')).toBe('shelter');
    expect(parseHash('#/login')).toBeNull();
    expect(parseHash('')).toBeNull();
  });

  it('never shows a page the role may not open', () => {
    expect(resolvePage('hq', 'resident')).toBe('resident');
    expect(resolvePage('resident', 'shelter_staff')).toBe('shelter');
    expect(resolvePage('shelter', 'admin')).toBe('shelter');
    expect(resolvePage(null, 'hq_operator')).toBe('hq');
  });

  it('lists navigation per role', () => {
    expect(pagesFor('admin')).toEqual([
      'hq',
      'shelter',
      'resident',
      'review',
      'notices',
      'enrolment',
      'visits',
      'acting',
      'account',
    ]);
    expect(pagesFor('hq_operator')).toEqual([
      'hq',
      'review',
      'notices',
      'enrolment',
      'visits',
      'acting',
      'account',
    ]);
    expect(pagesFor('shelter_staff')).toEqual([
      'shelter',
      'notices',
      'enrolment',
      'visits',
      'acting',
      'account',
    ]);
    expect(pagesFor('community_supporter')).toEqual(['visits', 'account']);
    expect(homePageFor('community_supporter')).toBe('visits');
    expect(pagesFor('resident')).toEqual(['resident', 'account', 'settings']);
    expect(resolvePage(parseHash('#/settings/notifications'), 'resident')).toBe('settings');
    expect(hashFor('settings')).toBe('#/settings/notifications');
    expect(resolvePage('settings', 'hq_operator')).toBe('hq');
    expect(resolvePage('account', 'resident')).toBe('account');
    expect(resolvePage('notices', 'resident')).toBe('resident');
  });
});
