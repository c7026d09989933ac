import { describe, expect, it } from 'vitest';
import { parseNameQuery, toStoredKana } from './name-query.js';
import { romajiReadings, romajiToKatakana } from './romaji.js';

describe('romaji to katakana', () => {
  it.each([
    ['yamadatarou', 'ヤマダタロウ'],
    ['yamadataro', 'ヤマダタロ'],
    ['tarō', 'タロウ'],
    ['satoh', 'サトウ'],
    ['ohno', 'オウノ'],
    ['oono', 'オオノ'],
    ['shimizu', 'シミズ'],
    ['simizu', 'シミズ'],
    ['tsutsumi', 'ツツミ'],
    ['tutumi', 'ツツミ'],
    ['chiba', 'チバ'],
    ['tiba', 'チバ'],
    ['fujita', 'フジタ'],
    ['huzita', 'フジタ'],
    ['shouta', 'ショウタ'],
    ['syouta', 'ショウタ'],
    ['kyouko', 'キョウコ'],
    ['junko', 'ジュンコ'],
    ['jun', 'ジュン'],
    ["shin'ichi", 'シンイチ'],
    ['kenta', 'ケンタ'],
    ['homma', 'ホンマ'],
    ['nanba', 'ナンバ'],
    ['hattori', 'ハットリ'],
    ['hotchi', 'ホッチ'],
    ['kannon', 'カンノン'],
    ['junnosuke', 'ジュンノスケ'],
  ])('%s → %s', (romaji, kana) => {
    expect(romajiToKatakana(romaji)).toBe(kana);
  });

  it('offers both readings of an n before a vowel', () => {
    expect(romajiReadings('shinichi')).toEqual(['シニチ', 'シンイチ']);
    expect(romajiReadings('shinya')).toEqual(['シニャ', 'シンヤ']);
    expect(romajiReadings('tarou')).toEqual(['タロウ']);
  });
});

describe('name queries', () => {
  it('brings every script to the forms the database compares', () => {
    expect(parseNameQuery('やまだ たろう')).toEqual({ written: 'やまだたろう', readings: ['ヤマダタロウ'] });
    expect(parseNameQuery('ﾔﾏﾀﾞ　ﾀﾛｳ').readings).toEqual(['ヤマダタロウ']);
    expect(parseNameQuery('Yamada Taro').readings).toEqual(['ヤマダタロ']);
    expect(parseNameQuery('ＹＡＭＡＤＡ　ＴＡＲＯＵ').readings).toEqual(['ヤマダタロウ']);
    expect(parseNameQuery('山田 太郎')).toEqual({ written: '山田太郎', readings: [] });
  });

  it('stores readings as katakana and refuses anything else', () => {
    expect(toStoredKana('やまだ')).toBe('ヤマダ');
    expect(toStoredKana('ｽﾐｽ')).toBe('スミス');
    expect(toStoredKana('Smith')).toBeUndefined();
  });
});
