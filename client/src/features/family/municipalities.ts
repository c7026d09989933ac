/**
 * Where people from Noto most often went: the municipalities of Ishikawa (JIS X 0402), with
 * English names. Anywhere else in Japan is entered as a 5-digit code.
 */
export const ISHIKAWA_MUNICIPALITIES: readonly { code: string; ja: string; en: string }[] = [
  { code: '17201', ja: '金沢市', en: 'Kanazawa' },
  { code: '17202', ja: '七尾市', en: 'Nanao' },
  { code: '17203', ja: '小松市', en: 'Komatsu' },
  { code: '17204', ja: '輪島市', en: 'Wajima' },
  { code: '17205', ja: '珠洲市', en: 'Suzu' },
  { code: '17206', ja: '加賀市', en: 'Kaga' },
  { code: '17207', ja: '羽咋市', en: 'Hakui' },
  { code: '17209', ja: 'かほく市', en: 'Kahoku' },
  { code: '17210', ja: '白山市', en: 'Hakusan' },
  { code: '17211', ja: '能美市', en: 'Nomi' },
  { code: '17212', ja: '野々市市', en: 'Nonoichi' },
  { code: '17324', ja: '川北町', en: 'Kawakita' },
  { code: '17361', ja: '津幡町', en: 'Tsubata' },
  { code: '17365', ja: '内灘町', en: 'Uchinada' },
  { code: '17384', ja: '志賀町', en: 'Shika' },
  { code: '17386', ja: '宝達志水町', en: 'Hodatsushimizu' },
  { code: '17407', ja: '中能登町', en: 'Nakanoto' },
  { code: '17461', ja: '穴水町', en: 'Anamizu' },
  { code: '17463', ja: '能登町', en: 'Noto' },
];

/** Choice value for "somewhere else": the person types the code. */
export const OTHER_MUNICIPALITY = 'other';
