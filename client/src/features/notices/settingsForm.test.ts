import { describe, expect, it } from 'vitest';
import { formFromSettings, settingsInput, type SettingsForm } from './settingsForm';

const base: SettingsForm = {
  consent: true,
  where: 'home',
  regionCode: '',
  outsideCode: '',
  outsideName: '',
  address: '',
};

describe('notice settings form', () => {
  it('round-trips each kind of place', () => {
    expect(
      formFromSettings({
        noticeConsent: true,
        homeMunicipalityCode: '17202',
        livesNow: {
          municipalityCode: '13101',
          municipalityName: '千代田区',
          address: null,
          inRegion: false,
          updatedAt: null,
        },
        evacuatedOutside: true,
      }),
    ).toMatchObject({ where: 'outside', outsideCode: '13101', outsideName: '千代田区' });
    expect(settingsInput(base)).toEqual({ noticeConsent: true, livesNow: null });
    expect(
      settingsInput({ ...base, where: 'region', regionCode: '17201', address: ' 金沢市の親戚宅 ' }),
    ).toEqual({
      noticeConsent: true,
      livesNow: { municipalityCode: '17201', address: '金沢市の親戚宅' },
    });
    expect(
      settingsInput({ ...base, where: 'outside', outsideCode: '１３１０１', outsideName: '千代田区' }),
    ).toEqual({
      noticeConsent: true,
      livesNow: { municipalityCode: '13101', municipalityName: '千代田区', address: undefined },
    });
  });

  it('asks for what is missing', () => {
    expect(settingsInput({ ...base, where: 'region' })).toBe('notices.settings.error.pickMunicipality');
    expect(settingsInput({ ...base, where: 'outside', outsideCode: '1310', outsideName: 'x' })).toBe(
      'notices.settings.error.code',
    );
    expect(settingsInput({ ...base, where: 'outside', outsideCode: '13101' })).toBe(
      'notices.settings.error.code',
    );
  });
});
