import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { PLACES, SAFETY, VISIBILITIES } from '../../api/family';
import en from '../../i18n/family.en.json';
import ja from '../../i18n/family.ja.json';
import { KNOWN_ACTIONS } from './accessLog';
import { familyErrorIds, familyErrorKey } from './familyErrors';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

function lookup(tree: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node as Tree | undefined)?.[part], tree);
}

describe('familyErrorKey', () => {
  it.each([
    'shelter_closed',
    'location_consent_required',
    'cannot_designate_self',
    'too_many_designees',
    'invitation_expired',
    'invitation_closed',
    'not_found',
  ])('explains %s from an API error', (id) => {
    expect(familyErrorKey(new ApiError(409, id, 'server text'))).toBe(`family.errors.${id}`);
  });

  it("accepts the form's own ids", () => {
    expect(familyErrorKey('place_required')).toBe('family.errors.place_required');
    expect(familyErrorKey('invalid_municipality')).toBe('family.errors.invalid_municipality');
  });

  it('falls back to a generic message for anything else', () => {
    expect(familyErrorKey(new ApiError(500, 'internal', 'boom'))).toBe('family.errors.unknown');
    expect(familyErrorKey(new Error('boom'))).toBe('family.errors.unknown');
    expect(familyErrorKey(null)).toBe('family.errors.unknown');
  });
});

describe('family translations', () => {
  it('have the same keys in Japanese and English', () => {
    expect(keysOf(en as Tree).sort()).toEqual(keysOf(ja as Tree).sort());
  });

  it('explain every error id, place, safety state, visibility and access-log action', () => {
    const needed = [
      ...familyErrorIds().map((id) => `family.errors.${id}`),
      ...PLACES.map((place) => `family.place.${place}`),
      ...PLACES.map((place) => `family.placeChoice.${place}`),
      ...SAFETY.map((safety) => `family.safety.${safety}`),
      ...VISIBILITIES.map((value) => `family.visibility.${value}`),
      ...VISIBILITIES.map((value) => `family.visibilityHint.${value}`),
      ...KNOWN_ACTIONS.map((action) => `family.accessLog.action.${action}`),
      ...['location_unsupported', 'location_denied', 'location_unavailable'].map(
        (failure) => `family.report.${failure}`,
      ),
    ];
    for (const key of needed) {
      expect(lookup(ja as Tree, key), `ja ${key}`).toBeTruthy();
      expect(lookup(en as Tree, key), `en ${key}`).toBeTruthy();
    }
  });
});
