import type { WarningForm } from './capBuilder';

/**
 * Starting points for the evacuation information municipalities issue most (避難情報, Cabinet
 * Office guideline levels 3–5). The texts are message content in both languages, not UI strings:
 * they go into the CAP infos as written, whatever language the operator's screen is in.
 */
export interface WarningTemplate {
  id: string;
  fields: Pick<WarningForm, 'category' | 'responseType' | 'urgency' | 'severity' | 'certainty' | 'text'>;
}

export const WARNING_TEMPLATES: readonly WarningTemplate[] = [
  {
    id: 'level5',
    fields: {
      category: 'Safety',
      responseType: 'Shelter',
      urgency: 'Immediate',
      severity: 'Extreme',
      certainty: 'Observed',
      text: {
        ja: {
          event: '緊急安全確保',
          headline: '【警戒レベル5】緊急安全確保',
          description: '災害が発生または切迫しています。',
          instruction: '命の危険があります。直ちに身の安全を確保してください。',
        },
        en: {
          event: 'Emergency safety measure',
          headline: '[Alert level 5] Emergency safety measure',
          description: 'A disaster is occurring or imminent.',
          instruction: 'Your life is in danger. Secure your safety immediately.',
        },
      },
    },
  },
  {
    id: 'level4',
    fields: {
      category: 'Safety',
      responseType: 'Evacuate',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      text: {
        ja: {
          event: '避難指示',
          headline: '【警戒レベル4】避難指示',
          description: '災害のおそれが高い状況です。',
          instruction: '危険な場所から全員避難してください。避難所の場所は地図で確認してください。',
        },
        en: {
          event: 'Evacuation order',
          headline: '[Alert level 4] Evacuation order',
          description: 'There is a high risk of a disaster.',
          instruction: 'Everyone must leave dangerous places now. Check the map for shelters.',
        },
      },
    },
  },
  {
    id: 'level3',
    fields: {
      category: 'Safety',
      responseType: 'Prepare',
      urgency: 'Expected',
      severity: 'Moderate',
      certainty: 'Likely',
      text: {
        ja: {
          event: '高齢者等避難',
          headline: '【警戒レベル3】高齢者等避難',
          description: '災害のおそれがあります。',
          instruction: '高齢の方、障害のある方など避難に時間のかかる方は危険な場所から避難してください。',
        },
        en: {
          event: 'Evacuation of older people and others',
          headline: '[Alert level 3] Evacuation of older people and others',
          description: 'There is a risk of a disaster.',
          instruction:
            'Older people, people with disabilities and others who need time to evacuate should leave dangerous places now.',
        },
      },
    },
  },
];
