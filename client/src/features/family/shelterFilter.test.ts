import { describe, expect, it } from 'vitest';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { matchShelters, normaliseForSearch } from './shelterFilter';

const shelter = (id: string, name: string, status: Shelter['status'] = 'open'): Shelter => ({
  id,
  name,
  kind: 'designated_shelter',
  municipalityCode: '17202',
  capacity: 100,
  occupancy: 0,
  status,
  lat: 37,
  lon: 137,
  updatedAt: null,
});

const shelters = [
  shelter('a', '七尾市立小丸山小学校'),
  shelter('b', '七尾中学校', 'full'),
  shelter('c', '田鶴浜体育館', 'closed'),
  shelter('d', 'ナナオ会館'),
];

describe('normaliseForSearch', () => {
  it('ignores width, case, spaces and hiragana/katakana', () => {
    expect(normaliseForSearch('ﾅﾅｵ 会館')).toBe(normaliseForSearch('ななお会館'));
    expect(normaliseForSearch('Ｎａｎａｏ')).toBe('nanao');
  });
});

describe('matchShelters', () => {
  it('leaves closed shelters out and lists full ones last', () => {
    expect(matchShelters(shelters, '').shown.map((s) => s.id)).toEqual(['d', 'a', 'b']);
  });

  it('matches every word typed', () => {
    expect(matchShelters(shelters, '七尾 小学校').shown.map((s) => s.id)).toEqual(['a']);
    expect(matchShelters(shelters, 'ななお').shown.map((s) => s.id)).toEqual(['d']);
  });

  it('says how many more there are beyond the limit', () => {
    expect(matchShelters(shelters, '', 1)).toMatchObject({ more: 2 });
  });
});
