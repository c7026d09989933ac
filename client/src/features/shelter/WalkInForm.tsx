import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CARD_KINDS,
  registerWalkIn,
  type CardKind,
  type CareNeed,
  type WalkInInput,
  type WalkInResult,
} from '../../api/console';
import { CareNeedsField, OptionSelect, StayTypeField } from './ChoiceFields';
import { FormError } from './FormError';
import { useDialogSubmit } from './useDialogSubmit';

const SEXES = ['unspecified', 'female', 'male', 'other'] as const;
const REGISTRATIONS = ['visitor', 'tourist', 'no_papers'] as const;
/** Languages most often needed in Ishikawa shelters; the server accepts any tag like pt-BR. */
const LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi', 'id', 'ne', 'tl', 'pt-BR', 'es', 'th', 'my'] as const;

interface WalkInFormProps {
  shelterId: string;
  /** Bind the card of this unknown tap and check the person in at the tap's time. */
  unknownCardEventId?: string;
  onDone: (result: WalkInResult, name: string) => void;
}

/** Registers someone who is not in the registry (visitor, tourist, no papers) and checks them in. */
export function WalkInForm({ shelterId, unknownCardEventId, onDone }: WalkInFormProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [familyName, setFamilyName] = useState('');
  const [givenName, setGivenName] = useState('');
  const [familyNameKana, setFamilyNameKana] = useState('');
  const [givenNameKana, setGivenNameKana] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [sex, setSex] = useState<WalkInInput['sex']>('unspecified');
  const [registration, setRegistration] = useState<WalkInInput['registration']>('visitor');
  const [language, setLanguage] = useState('ja');
  const [careNeeds, setCareNeeds] = useState<CareNeed[]>([]);
  const [stayType, setStayType] = useState<'day' | 'overnight'>('overnight');
  const [cardKind, setCardKind] = useState<CardKind>('other');
  const { busy, error, submit: run } = useDialogSubmit();

  const languageName = (tag: string) => {
    try {
      return new Intl.DisplayNames([i18n.resolvedLanguage ?? 'ja'], { type: 'language' }).of(tag) ?? tag;
    } catch {
      return tag;
    }
  };

  const submit = async () => {
    const body: WalkInInput = {
      familyName,
      givenName,
      sex,
      registration,
      language,
      careNeeds,
      stayType,
      ...(familyNameKana.trim() ? { familyNameKana } : {}),
      ...(givenNameKana.trim() ? { givenNameKana } : {}),
      ...(birthDate ? { birthDate } : {}),
      ...(unknownCardEventId ? { unknownCardEventId, cardKind } : { checkIn: true }),
    };
    await run(async () => {
      const result = await registerWalkIn(shelterId, body);
      onDone(result, `${familyName} ${givenName}`.trim());
    });
  };

  const field = (name: string) => `${id}-${name}`;
  return (
    <form
      className="form-grid walk-in-form"
      data-testid="walk-in-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor={field('family')}>{t('console.walkIn.familyName')}</label>
        <input
          id={field('family')}
          required
          maxLength={100}
          value={familyName}
          data-testid="walk-in-family-name"
          onChange={(e) => setFamilyName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('given')}>{t('console.walkIn.givenName')}</label>
        <input
          id={field('given')}
          required
          maxLength={100}
          value={givenName}
          data-testid="walk-in-given-name"
          onChange={(e) => setGivenName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('family-kana')}>{t('console.walkIn.familyNameKana')}</label>
        <input
          id={field('family-kana')}
          maxLength={100}
          value={familyNameKana}
          data-testid="walk-in-family-kana"
          onChange={(e) => setFamilyNameKana(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('given-kana')}>{t('console.walkIn.givenNameKana')}</label>
        <input
          id={field('given-kana')}
          maxLength={100}
          value={givenNameKana}
          data-testid="walk-in-given-kana"
          onChange={(e) => setGivenNameKana(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('birth')}>{t('console.walkIn.birthDate')}</label>
        <input
          id={field('birth')}
          type="date"
          value={birthDate}
          data-testid="walk-in-birthdate"
          onChange={(e) => setBirthDate(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={field('sex')}>{t('console.walkIn.sex')}</label>
        <select
          id={field('sex')}
          value={sex}
          data-testid="walk-in-sex"
          onChange={(e) => setSex(e.target.value as WalkInInput['sex'])}
        >
          {SEXES.map((value) => (
            <option key={value} value={value}>
              {t(`console.sex.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('registration')}>{t('console.walkIn.registration')}</label>
        <select
          id={field('registration')}
          value={registration}
          data-testid="walk-in-registration"
          onChange={(e) => setRegistration(e.target.value as WalkInInput['registration'])}
        >
          {REGISTRATIONS.map((value) => (
            <option key={value} value={value}>
              {t(`console.registration.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('language')}>{t('console.walkIn.language')}</label>
        <select
          id={field('language')}
          value={language}
          data-testid="walk-in-language"
          onChange={(e) => setLanguage(e.target.value)}
        >
          {LANGUAGES.map((tag) => (
            <option key={tag} value={tag}>
              {languageName(tag)}
            </option>
          ))}
        </select>
      </div>
      <div className="span-2">
        <CareNeedsField value={careNeeds} onChange={setCareNeeds} testIdPrefix="walk-in-care" />
      </div>
      <div className="span-2">
        <StayTypeField value={stayType} onChange={setStayType} testIdPrefix="walk-in-stay" />
      </div>
      {unknownCardEventId && (
        <div className="field">
          <label htmlFor={field('card-kind')}>{t('console.card.kind')}</label>
          <OptionSelect
            id={field('card-kind')}
            value={cardKind}
            options={CARD_KINDS}
            labelPrefix="console.card"
            onChange={setCardKind}
            testId="walk-in-card-kind"
          />
        </div>
      )}
      <FormError error={error} testId="walk-in-error" className="span-2" />
      <div className="span-2 console-actions">
        <button type="submit" className="primary big" disabled={busy} data-testid="walk-in-submit">
          {unknownCardEventId ? t('console.walkIn.submitWithCard') : t('console.walkIn.submit')}
        </button>
      </div>
    </form>
  );
}
