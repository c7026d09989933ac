import { describe, expect, it } from 'vitest';
import en from '../../i18n/reach.en.json';
import ja from '../../i18n/reach.ja.json';
import { DELIVERY_ERROR_IDS } from '../../api/delivery';
import { deliveryErrorText } from './deliveryErrors';

const wordsOf = (texts: typeof ja, key: string) =>
  (texts.reach.errors as Record<string, string>)[key.replace('reach.errors.', '')];

describe('failure reasons in words', () => {
  it('has words in both languages for every id the contract lists, none of them the fallback', () => {
    for (const id of DELIVERY_ERROR_IDS) {
      const { key } = deliveryErrorText(id);
      expect(key, id).not.toBe('reach.errors.other');
      expect(wordsOf(ja, key), id).toBeTruthy();
      expect(wordsOf(en, key), id).toBeTruthy();
    }
  });

  it("keeps an SMSC's command status, and names an id it does not know as other", () => {
    expect(deliveryErrorText('sms_rejected_0x45')).toEqual({
      key: 'reach.errors.sms_rejected',
      values: { status: '0x45' },
    });
    expect(deliveryErrorText('sms_rejected_')).toEqual({ key: 'reach.errors.other', values: {} });
    expect(deliveryErrorText('carrier_pigeon_lost')).toEqual({ key: 'reach.errors.other', values: {} });
    expect(deliveryErrorText('toString')).toEqual({ key: 'reach.errors.other', values: {} });
    expect(deliveryErrorText('sms_undeliv')).toEqual({ key: 'reach.errors.sms_undeliv', values: {} });
  });
});
