import type { NoticeSettings, NoticeSettingsInput } from '../../api/notices';

/** The settings form: where I live is home, a municipality of the region, or one outside it. */
export interface SettingsForm {
  consent: boolean;
  where: 'home' | 'region' | 'outside';
  regionCode: string;
  outsideCode: string;
  outsideName: string;
  address: string;
}

export function formFromSettings(settings: NoticeSettings): SettingsForm {
  const lives = settings.livesNow;
  return {
    consent: settings.noticeConsent,
    where: !lives ? 'home' : lives.inRegion ? 'region' : 'outside',
    regionCode: lives?.inRegion ? lives.municipalityCode : '',
    outsideCode: lives && !lives.inRegion ? lives.municipalityCode : '',
    outsideName: lives && !lives.inRegion ? lives.municipalityName : '',
    address: lives?.address ?? '',
  };
}

export type SettingsProblem = 'notices.settings.error.pickMunicipality' | 'notices.settings.error.code';

export function settingsInput(form: SettingsForm): NoticeSettingsInput | SettingsProblem {
  const address = form.address.trim() || undefined;
  if (form.where === 'home') return { noticeConsent: form.consent, livesNow: null };
  if (form.where === 'region') {
    if (!form.regionCode) return 'notices.settings.error.pickMunicipality';
    return { noticeConsent: form.consent, livesNow: { municipalityCode: form.regionCode, address } };
  }
  const code = form.outsideCode.normalize('NFKC').trim();
  if (!/^[0-9]{5}$/.test(code) || !form.outsideName.trim()) return 'notices.settings.error.code';
  return {
    noticeConsent: form.consent,
    livesNow: { municipalityCode: code, municipalityName: form.outsideName.trim(), address },
  };
}
