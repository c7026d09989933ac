import { describe, expect, it } from 'vitest';
import { compactForNames, findPersonalData, type PersonalDataKind } from './personal-data.js';

const kinds = (text: string) => [...new Set(findPersonalData(text).map((f) => f.kind))];

describe('findPersonalData', () => {
  const rejected: [string, PersonalDataKind][] = [
    // Birth dates: 和暦, Western, numeric, English, beside a birth word
    ['昭和50年1月2日生まれの方', 'birth_date'],
    ['昭和５０年１月２日', 'birth_date'],
    ['平成元年1月8日', 'birth_date'],
    ['大正14年12月1日', 'birth_date'],
    ['S50.1.2', 'birth_date'],
    ['H3/4/5 の方', 'birth_date'],
    ['1975年1月2日', 'birth_date'],
    ['1975-01-02', 'birth_date'],
    ['1975/1/2', 'birth_date'],
    ['02/01/1975', 'birth_date'],
    ['born January 2, 1975', 'birth_date'],
    ['2 January 1975', 'birth_date'],
    ['Jan. 2nd 1975', 'birth_date'],
    ['生年月日：5月3日', 'birth_date'],
    ['誕生日は2020/5/3', 'birth_date'],
    ['令和5年4月1日生まれのお子さま', 'birth_date'],
    ['date of birth 2019-04-01', 'birth_date'],
    ['4月1日生まれ', 'birth_date'],
    // Phones
    ['090-1234-5678', 'phone'],
    ['０９０−１２３４−５６７８', 'phone'],
    ['09012345678', 'phone'],
    ['電話 0768-22-2111', 'phone'],
    ['03-1234-5678', 'phone'],
    ['(0767)52-1111', 'phone'],
    ['0762251111', 'phone'],
    ['+81 90 1234 5678', 'phone'],
    // Postal codes and addresses
    ['〒927-0023', 'postal_code'],
    ['〒９２７−００２３', 'postal_code'],
    ['927-0023 七尾市', 'postal_code'],
    ['七尾市府中町2丁目', 'address'],
    ['三丁目', 'address'],
    ['輪島市河井町12番地', 'address'],
    ['3番12号', 'address'],
    ['コーポ能登 201号室', 'address'],
    ['輪島市河井町1-2-3', 'address'],
    // My Number-like digit runs
    ['123456789012', 'my_number'],
    ['1234 5678 9012', 'my_number'],
    ['１２３４-５６７８-９０１２', 'my_number'],
    // E-mail
    ['taro@example.jp', 'email'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'email'],
    // Amounts personal to someone
    ['あなたの支給額は300,000円です', 'personal_amount'],
    ['あなたへの見舞金 5万円', 'personal_amount'],
    ['山田様の支援金は100万円', 'personal_amount'],
    ['貴世帯への給付額：¥120,000', 'personal_amount'],
    ['Your payment is 50,000 yen', 'personal_amount'],
    ['you will receive ¥30,000', 'personal_amount'],
  ];
  it.each(rejected)('finds %s as %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  const accepted = [
    '令和6年能登半島地震',
    '1月1日の地震',
    '令和6年1月1日に発生した能登半島地震',
    '2024年1月1日の地震で被害を受けた方へ',
    'On January 1, 2024 the Noto Peninsula earthquake struck.',
    '申請期限は2025年3月31日です',
    '受付は3月31日まで',
    '被災者生活再建支援金は最大300万円です',
    '災害見舞金（全壊 10万円、半壊 5万円）',
    '皆様への支援金は1世帯あたり最大300万円です',
    'Up to 3,000,000 yen per household.',
    'お問い合わせはフリーダイヤル 0120-123-456 へ',
    '様式第1号により申請してください',
    '罹災証明書の申請はこちらから',
    'https://www.city.wajima.ishikawa.jp/docs/2024010100012/',
    '対象：65歳以上の方がいる世帯',
    '受付時間 9:00-17:00',
    '第2次受付 1-2月',
    '住宅の被害が半壊以上の世帯',
    '#7119 に相談できます',
  ];
  it.each(accepted)('lets %s through', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('reports where each finding starts in the normalised text', () => {
    expect(findPersonalData('連絡先 taro@example.jp')).toEqual([{ kind: 'email', index: 4 }]);
  });
});

describe('compactForNames', () => {
  it('drops ASCII and full-width spaces so 山田　太郎 and 山田太郎 compare equal', () => {
    expect(compactForNames('山田　太郎 様')).toBe('山田太郎様');
  });
});
