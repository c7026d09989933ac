import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { DAMAGE_FILTERS, HOUSEHOLD_MEMBERS, WHEREABOUTS_FILTERS } from '../../api/notices';
import { MUNICIPALITIES } from '../../shared/municipalities';
import { toggled, type NoticeDraft } from './noticeDraft';

// Leaflet loads only when someone opens the polygon section.
const PolygonMap = lazy(() => import('./PolygonMap'));

interface TargetingFieldsProps {
  draft: NoticeDraft;
  onChange: (patch: Partial<NoticeDraft>) => void;
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

/** Who receives it: area, age band, household, whereabouts, house damage. Empty means everyone. */
export function TargetingFields({ draft, onChange }: TargetingFieldsProps) {
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
          testId="notice-municipality"
          onChange={(municipalityCodes) => onChange({ municipalityCodes })}
        />
      </details>
      <details>
        <summary>
          {t('notices.area.polygon')}
          {draft.polygon.length > 0 && ` (${t('notices.area.points', { count: draft.polygon.length })})`}
        </summary>
        <p className="muted">{t('notices.area.polygonHelp')}</p>
        <Suspense fallback={<div className="notice-map is-loading" />}>
          <PolygonMap points={draft.polygon} onChange={(polygon) => onChange({ polygon })} />
        </Suspense>
        <button type="button" disabled={draft.polygon.length === 0} onClick={() => onChange({ polygon: [] })}>
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
            data-testid="notice-age-min"
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
            data-testid="notice-age-max"
            onChange={(e) => onChange({ ageMax: e.target.value })}
          />
        </label>
      </fieldset>
      <CheckList
        legend={t('notices.household.legend')}
        values={HOUSEHOLD_MEMBERS}
        picked={draft.householdHas}
        label={(m) => t(`notices.household.${m}`)}
        testId="notice-household"
        onChange={(householdHas) => onChange({ householdHas })}
      />
      <CheckList
        legend={t('notices.whereabouts.legend')}
        values={WHEREABOUTS_FILTERS}
        picked={draft.whereabouts}
        label={(w) => t(`notices.whereabouts.${w}`)}
        testId="notice-whereabouts"
        onChange={(whereabouts) => onChange({ whereabouts })}
      />
      <CheckList
        legend={t('notices.damage.legend')}
        values={DAMAGE_FILTERS}
        picked={draft.houseDamage}
        label={(d) => t(`notices.damage.${d}`)}
        testId="notice-damage"
        onChange={(houseDamage) => onChange({ houseDamage })}
      />
    </div>
  );
}
