import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CARE_NEEDS, type CareNeed } from '../../api/console';

interface CareNeedsFieldProps {
  value: CareNeed[];
  onChange: (needs: CareNeed[]) => void;
  testIdPrefix: string;
}

/** Special-care needs (要配慮者) as large toggles. */
export function CareNeedsField({ value, onChange, testIdPrefix }: CareNeedsFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className="choice-group">
      <legend>{t('console.care.title')}</legend>
      {CARE_NEEDS.map((need) => {
        const checked = value.includes(need);
        return (
          <label key={need} className={`choice${checked ? ' is-checked' : ''}`} htmlFor={`${id}-${need}`}>
            <input
              id={`${id}-${need}`}
              type="checkbox"
              checked={checked}
              data-testid={`${testIdPrefix}-${need}`}
              onChange={() => onChange(checked ? value.filter((n) => n !== need) : [...value, need])}
            />
            {t(`console.care.${need}`)}
          </label>
        );
      })}
    </fieldset>
  );
}

interface StayTypeFieldProps {
  value: 'day' | 'overnight';
  onChange: (value: 'day' | 'overnight') => void;
  testIdPrefix: string;
}

export function StayTypeField({ value, onChange, testIdPrefix }: StayTypeFieldProps) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="choice-group">
      <legend>{t('console.stayType.title')}</legend>
      {(['day', 'overnight'] as const).map((stay) => (
        <label key={stay} className={`choice${value === stay ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name={name}
            value={stay}
            checked={value === stay}
            data-testid={`${testIdPrefix}-${stay}`}
            onChange={() => onChange(stay)}
          />
          {t(`console.stayType.${stay}`)}
        </label>
      ))}
    </fieldset>
  );
}

interface OptionSelectProps<T extends string> {
  id: string;
  value: T;
  options: readonly T[];
  /** Labels are the translations of `<labelPrefix>.<option>`. */
  labelPrefix: string;
  onChange: (value: T) => void;
  testId: string;
}

/** A drop-down of fixed choices (reader modes, card kinds) with translated labels. */
export function OptionSelect<T extends string>({
  id,
  value,
  options,
  labelPrefix,
  onChange,
  testId,
}: OptionSelectProps<T>) {
  const { t } = useTranslation();
  return (
    <select
      id={id}
      value={value}
      data-testid={testId}
      onChange={(event) => onChange(event.target.value as T)}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {t(`${labelPrefix}.${option}`)}
        </option>
      ))}
    </select>
  );
}
