import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ja from './ja.json';
import en from './en.json';
import warningsJa from './warnings.ja.json';
import warningsEn from './warnings.en.json';
import familyJa from './family.ja.json';
import familyEn from './family.en.json';
import hqmapJa from './hqmap.ja.json';
import hqmapEn from './hqmap.en.json';
import reliefJa from './relief.ja.json';
import reliefEn from './relief.en.json';
import noticesJa from './notices.ja.json';
import noticesEn from './notices.en.json';
import accountJa from './account.ja.json';
import accountEn from './account.en.json';
import enrolmentJa from './enrolment.ja.json';
import enrolmentEn from './enrolment.en.json';
import kioskJa from './kiosk.ja.json';
import kioskEn from './kiosk.en.json';
import visitsJa from './visits.ja.json';
import visitsEn from './visits.en.json';
import actingJa from './acting.ja.json';
import actingEn from './acting.en.json';
import contactsJa from './contacts.ja.json';
import contactsEn from './contacts.en.json';
import notificationsJa from './notifications.ja.json';
import notificationsEn from './notifications.en.json';
import postJa from './post.ja.json';
import postEn from './post.en.json';
import reachJa from './reach.ja.json';
import reachEn from './reach.en.json';
import { readPreference, writePreference } from '../shared/preferences';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_KEY = 'hinan.language';

function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

/** Japanese is the default: the people on the ground read it first; English is the explicit choice. */
export function initI18n(): typeof i18next {
  const stored = readPreference(LANGUAGE_KEY);
  const language: Language = isLanguage(stored) ? stored : 'ja';
  void i18next.use(initReactI18next).init({
    // Feature files add top-level keys of their own (warnings, inbox, family) next to the shared ones.
    resources: {
      ja: {
        translation: {
          ...ja,
          ...warningsJa,
          ...familyJa,
          ...hqmapJa,
          ...reliefJa,
          ...noticesJa,
          ...accountJa,
          ...enrolmentJa,
          ...kioskJa,
          ...visitsJa,
          ...actingJa,
          ...contactsJa,
          ...notificationsJa,
          ...postJa,
          ...reachJa,
        },
      },
      en: {
        translation: {
          ...en,
          ...warningsEn,
          ...familyEn,
          ...hqmapEn,
          ...reliefEn,
          ...noticesEn,
          ...accountEn,
          ...enrolmentEn,
          ...kioskEn,
          ...visitsEn,
          ...actingEn,
          ...contactsEn,
          ...notificationsEn,
          ...postEn,
          ...reachEn,
        },
      },
    },
    lng: language,
    // Resources are bundled, so the first render can already be translated.
    initAsync: false,
    fallbackLng: 'ja',
    // React escapes text itself; popups build DOM nodes with textContent.
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return i18next;
}

export function changeLanguage(language: Language): void {
  writePreference(LANGUAGE_KEY, language);
  void i18next.changeLanguage(language);
}
