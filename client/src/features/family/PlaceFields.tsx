import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { PLACES, type StayType } from '../../api/family';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { ISHIKAWA_MUNICIPALITIES, OTHER_MUNICIPALITY } from './municipalities';
import type { ReportDraft } from './reportDraft';
import { ShelterSearch } from './ShelterSearch';

interface PlaceFieldsProps {
  draft: ReportDraft;
  shelter: Shelter | null;
  municipalityChoice: string;
  onChange: (patch: Partial<ReportDraft>) => void;
  onShelter: (shelter: Shelter) => void;
  onMunicipalityChoice: (choice: string) => void;
}

const STAY_TYPES: readonly StayType[] = ['day', 'overnight'];

/** "I am at …": the place, then the shelter or the municipality the place needs. */
export function PlaceFields(props: PlaceFieldsProps) {
  const { draft, shelter, municipalityChoice, onChange, onShelter, onMunicipalityChoice } = props;
  const { t, i18n } = useTranslation();
  const id = useId();
  const english = i18n.language.startsWith('en');

  return (
    <>
      <fieldset className="choice-group place-choices">
        <legend>{t('family.report.placeLegend')}</legend>
        {PLACES.map((place) => (
          <label key={place} className="choice">
            <input
              type="radio"
              name={`${id}-place`}
              value={place}
              checked={draft.place === place}
              data-testid={`report-place-${place}`}
              onChange={() => onChange({ place })}
            />
            <span>{t(`family.placeChoice.${place}`)}</span>
          </label>
        ))}
      </fieldset>

      {draft.place === 'shelter' && (
        <>
          <ShelterSearch selected={shelter} onSelect={onShelter} />
          <fieldset className="choice-group inline-choices">
            <legend>{t('family.report.stayLegend')}</legend>
            {STAY_TYPES.map((stayType) => (
              <label key={stayType} className="choice">
                <input
                  type="radio"
                  name={`${id}-stay`}
                  value={stayType}
                  checked={draft.stayType === stayType}
                  data-testid={`report-stay-${stayType}`}
                  onChange={() => onChange({ stayType })}
                />
                <span>{t(`family.stayType.${stayType}`)}</span>
              </label>
            ))}
          </fieldset>
        </>
      )}

      {draft.place === 'evacuated_outside' && (
        <div className="field">
          <label htmlFor={`${id}-municipality`}>{t('family.report.municipality')}</label>
          <select
            id={`${id}-municipality`}
            value={municipalityChoice}
            data-testid="report-municipality"
            onChange={(event) => onMunicipalityChoice(event.target.value)}
          >
            <option value="">{t('family.report.municipalityUnknown')}</option>
            {ISHIKAWA_MUNICIPALITIES.map((m) => (
              <option key={m.code} value={m.code}>
                {english ? m.en : m.ja}
              </option>
            ))}
            <option value={OTHER_MUNICIPALITY}>{t('family.report.municipalityOther')}</option>
          </select>
          {municipalityChoice === OTHER_MUNICIPALITY && (
            <>
              <label htmlFor={`${id}-code`}>{t('family.report.municipalityCode')}</label>
              <input
                id={`${id}-code`}
                inputMode="numeric"
                autoComplete="off"
                maxLength={5}
                value={draft.municipalityCode}
                aria-describedby={`${id}-code-hint`}
                data-testid="report-municipality-code"
                onChange={(event) => onChange({ municipalityCode: event.target.value })}
              />
              <p id={`${id}-code-hint`} className="muted small">
                {t('family.report.municipalityCodeHint')}
              </p>
            </>
          )}
        </div>
      )}
    </>
  );
}
