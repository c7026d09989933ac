import { useTranslation } from 'react-i18next';
import { MUNICIPALITIES } from '../../shared/municipalities';

interface MunicipalityPickerProps {
  selected: readonly string[];
  onChange: (codes: string[]) => void;
}

/** Whole municipalities as the area (CAP geocode JIS X0402): the keyboard-friendly way to target. */
export function MunicipalityPicker({ selected, onChange }: MunicipalityPickerProps) {
  const { t } = useTranslation();
  const chosen = new Set(selected);
  const toggle = (code: string) =>
    onChange(chosen.has(code) ? selected.filter((c) => c !== code) : [...selected, code]);

  return (
    <details className="warning-municipalities" open={selected.length > 0 || undefined}>
      <summary data-testid="warning-municipalities-toggle">
        {t('warnings.area.municipalities')}
        {selected.length > 0 && ` (${selected.length})`}
      </summary>
      <ul className="warning-municipality-list">
        {MUNICIPALITIES.map(({ code, name }) => (
          <li key={code}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(code)}
                data-testid={`warning-municipality-${code}`}
                onChange={() => toggle(code)}
              />
              {t(`warnings.municipality.${code}`, { defaultValue: name })}
            </label>
          </li>
        ))}
      </ul>
    </details>
  );
}
