import { describe, expect, it } from 'vitest';
import type { FamilyList, FamilyMember, Whereabouts } from '../../api/family';
import {
  mergeFresher,
  orderedMembers,
  placePhrase,
  removeMember,
  replaceMember,
  safetyTone,
} from './familyModel';

const at = (
  place: Whereabouts['place'],
  reportedAt: string,
  extra: Partial<Whereabouts> = {},
): Whereabouts => ({
  place,
  shelter: null,
  stayType: null,
  municipality: null,
  safety: null,
  source: 'self_report',
  reportedAt,
  note: null,
  ...extra,
});

const person = (
  residentId: string,
  relation: FamilyMember['relation'],
  givenName: string,
  whereabouts: Whereabouts | null = null,
): FamilyMember => ({ residentId, familyName: '能登', givenName, relation, minor: false, whereabouts });

const me = person('me', 'self', '花子');
const list: FamilyList = {
  self: me,
  members: [
    person('d', 'designated_me', 'あ'),
    person('h2', 'household', 'ゆう'),
    person('h1', 'household', 'あい'),
  ],
};

describe('orderedMembers', () => {
  it('puts me first, then household, then people who named me', () => {
    expect(orderedMembers(list).map((m) => m.residentId)).toEqual(['me', 'h1', 'h2', 'd']);
  });

  it('does not list me twice when the server also sends me among the members', () => {
    expect(
      orderedMembers({ ...list, members: [...list.members, me] }).filter((m) => m.residentId === 'me'),
    ).toHaveLength(1);
  });
});

describe('replaceMember', () => {
  it('puts a fresh state in and drops the history a detail carries', () => {
    const fresh = { ...person('h1', 'household', 'あい', at('home', '2024-01-01T10:00:00Z')), history: [] };
    const next = replaceMember(list, fresh);
    const replaced = next?.members.find((m) => m.residentId === 'h1');
    expect(replaced?.whereabouts?.place).toBe('home');
    expect(replaced).not.toHaveProperty('history');
    expect(list.members.find((m) => m.residentId === 'h1')?.whereabouts).toBeNull();
  });

  it('replaces me too', () => {
    expect(
      replaceMember(list, person('me', 'self', '花子', at('vehicle', '2024-01-01T10:00:00Z')))?.self
        .whereabouts?.place,
    ).toBe('vehicle');
  });

  it('answers null for someone not in the list, so the caller reloads it', () => {
    expect(replaceMember(list, person('new', 'designated_me', '新'))).toBeNull();
  });
});

describe('removeMember', () => {
  it('drops a person who can no longer be seen', () => {
    expect(removeMember(list, 'h2').members.map((m) => m.residentId)).toEqual(['d', 'h1']);
  });
});

describe('mergeFresher', () => {
  it('keeps a newer state fetched for one person over an older list answer', () => {
    const newer = {
      ...list,
      members: [person('h1', 'household', 'あい', at('shelter', '2024-01-01T10:05:00Z'))],
    };
    const stale = {
      ...list,
      members: [person('h1', 'household', 'あい', at('home', '2024-01-01T10:00:00Z'))],
    };
    expect(mergeFresher(newer, stale).members[0]?.whereabouts?.place).toBe('shelter');
  });

  it('takes the list as it comes otherwise, including people who left it', () => {
    const old = { ...list, members: [person('h1', 'household', 'あい', at('home', '2024-01-01T10:00:00Z'))] };
    const fresh = {
      ...list,
      members: [person('h2', 'household', 'ゆう', at('home', '2024-01-01T11:00:00Z'))],
    };
    expect(mergeFresher(old, fresh)).toEqual(fresh);
    expect(mergeFresher(null, fresh)).toBe(fresh);
  });
});

describe('placePhrase', () => {
  it('names the shelter and the municipality', () => {
    expect(placePhrase({ place: 'shelter', shelterName: '七尾小学校', municipality: null })).toEqual({
      key: 'family.place.shelterAt',
      values: { name: '七尾小学校' },
    });
    expect(
      placePhrase({
        place: 'evacuated_outside',
        shelterName: null,
        municipality: { code: '17201', name: '金沢市' },
      }),
    ).toEqual({ key: 'family.place.evacuatedTo', values: { municipality: '金沢市' } });
  });

  it('falls back to the code when the municipality has no name, and to the bare place', () => {
    expect(
      placePhrase({
        place: 'evacuated_outside',
        shelterName: null,
        municipality: { code: '16201', name: null },
      }).values,
    ).toEqual({ municipality: '16201' });
    expect(placePhrase({ place: 'evacuated_outside', shelterName: null, municipality: null }).key).toBe(
      'family.place.evacuated_outside',
    );
    expect(placePhrase({ place: 'vehicle', shelterName: null, municipality: null }).key).toBe(
      'family.place.vehicle',
    );
    expect(placePhrase(null).key).toBe('family.place.none');
  });
});

describe('safetyTone', () => {
  it('marks what needs attention', () => {
    expect(safetyTone('safe')).toBe('good');
    expect(safetyTone('needs_support')).toBe('alert');
    expect(safetyTone('missing')).toBe('alert');
    expect(safetyTone('injured')).toBe('warn');
    expect(safetyTone(null)).toBe('none');
  });
});
