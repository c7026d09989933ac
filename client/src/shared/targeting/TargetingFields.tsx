import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { DAMAGE_FILTERS, HOUSEHOLD_MEMBERS, WHEREABOUTS_FILTERS } from '../../api/notices';
import { MUNICIPALITIES } from '../municipalities';
import { toggled, type TargetingDraft } from './targetingDraft';
import '../../styles/targeting.css';

// Leaflet loads only when someone opens the polygon section.
const PolygonMap = lazy(() => import('./PolygonMap'));

interface TargetingFieldsProps {
  draft: TargetingDraft;
  onChange: (patch: Partial<TargetingDraft>) => void;
  /** Prefix of the fields' test ids (`notice-municipality-17202`, …). */
  testIdPrefix?: string;
}

function CheckList<T extends string>({
  legend,
  values,
  picked,
  label,
  testId,
  onChange,
}: {
  legend: string;
  values: readonly T[];
  picked: readonly T[];
  label: (value: T) => string;
  testId: string;
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className="notice-checks">
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value}>
          <input
            type="checkbox"
            checked={picked.includes(value)}
            data-testid={`${testId}-${value}`}
            onChange={() => onChange(toggled(picked, value))}
          />
          {label(value)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Who receives it (a notice, enrolment letters): area, age band, household, whereabouts, house
 * damage. Empty means everyone.
 */
export function TargetingFields({ draft, onChange, testIdPrefix = 'notice' }: TargetingFieldsProps) {
  const { t } = useTranslation();
  return (
    <div className="notice-targeting">
      <details open={draft.municipalityCodes.length > 0 || undefined}>
        <summary>
          {t('notices.area.municipalities')}
          {draft.municipalityCodes.length > 0 && ` (${draft.municipalityCodes.length})`}
        </summary>
        <CheckList
          legend={t('notices.area.municipalitiesLegend')}
          values={MUNICIPALITIES.map((m) => m.code)}
          picked={draft.municipalityCodes}
          label={(code) => MUNICIPALITIES.find((m) => m.code === code)?.name ?? code}
          testId={`${testIdPrefix}-municipality`}
          onChange={(municipalityCodes) => onChange({ municipalityCodes })}
        />
      </details>
      <details data-testid={`${testIdPrefix}-polygon`} data-points={draft.polygon.length}>
        <summary>
          {t('notices.area.polygon')}
          {draft.polygon.length > 0 && ` (${t('notices.area.points', { count: draft.polygon.length })})`}
        </summary>
        <p className="muted">{t('notices.area.polygonHelp')}</p>
        <Suspense fallback={<div className="notice-map is-loading" />}>
          <PolygonMap
            points={draft.polygon}
            testId={`${testIdPrefix}-map`}
            onChange={(polygon) => onChange({ polygon })}
          />
        </Suspense>
        <button
          type="button"
          disabled={draft.polygon.length === 0}
          data-testid={`${testIdPrefix}-polygon-clear`}
          onClick={() => onChange({ polygon: [] })}
        >
          {t('notices.area.clear')}
        </button>
      </details>
      <fieldset className="notice-ages">
        <legend>{t('notices.age.legend')}</legend>
        <label>
          {t('notices.age.min')}
          <input
            type="number"
            min={0}
            max={130}
            inputMode="numeric"
            value={draft.ageMin}
            data-testid={`${testIdPrefix}-age-min`}
            onChange={(e) => onChange({ ageMin: e.target.value })}
          />
        </label>
        <label>
          {t('notices.age.max')}
          <input
            type="number"
            min={0}
            max={130}
            inputMode="numeric"
            value={draft.ageMax}
            data-testid={`${testIdPrefix}-age-max`}
            onChange={(e) => onChange({ ageMax: e.target.value })}
          />
        </label>
      </fieldset>
      <CheckList
        legend={t('notices.household.legend')}
        values={HOUSEHOLD_MEMBERS}
        picked={draft.householdHas}
        label={(m) => t(`notices.household.${m}`)}
        testId={`${testIdPrefix}-household`}
        onChange={(householdHas) => onChange({ householdHas })}
      />
      <CheckList
        legend={t('notices.whereabouts.legend')}
        values={WHEREABOUTS_FILTERS}
        picked={draft.whereabouts}
        label={(w) => t(`notices.whereabouts.${w}`)}
        testId={`${testIdPrefix}-whereabouts`}
        onChange={(whereabouts) => onChange({ whereabouts })}
      />
      <CheckList
        legend={t('notices.damage.legend')}
        values={DAMAGE_FILTERS}
        picked={draft.houseDamage}
        label={(d) => t(`notices.damage.${d}`)}
        testId={`${testIdPrefix}-damage`}
        onChange={(houseDamage) => onChange({ houseDamage })}
      />
    </div>
  );
}
