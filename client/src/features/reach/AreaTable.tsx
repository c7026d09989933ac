import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaReach } from '../../api/delivery';
import { useNumberFormat } from './format';
import {
  nextSort,
  percent,
  sortAreas,
  unreachedOf,
  WORST_REACHED_FIRST,
  type AreaSort,
  type AreaSortKey,
} from './reachModel';

const COLUMNS: AreaSortKey[] = ['name', 'targeted', 'unreached', 'reached', 'read', 'responded'];
const RATES = ['reached', 'read', 'responded'] as const;

/**
 * The funnel by home municipality, worst reached first. Each heading is a button that sorts by
 * its column (again: the other way round); `aria-sort` tells screen readers the order and the
 * caption says it in words.
 */
export function AreaTable({ areas }: { areas: AreaReach[] }) {
  const { t, i18n } = useTranslation();
  const format = useNumberFormat();
  const [sort, setSort] = useState<AreaSort>(WORST_REACHED_FIRST);
  const collator = useMemo(() => new Intl.Collator(i18n.resolvedLanguage), [i18n.resolvedLanguage]);
  const rows = useMemo(() => sortAreas(areas, sort, collator.compare), [areas, sort, collator]);
  const label = (key: AreaSortKey) => t(key === 'name' ? 'reach.areas.municipality' : `reach.areas.${key}`);

  if (areas.length === 0) return <p className="muted">{t('reach.areas.none')}</p>;
  return (
    <>
      <div className="reach-scroll" role="region" aria-labelledby="reach-areas-caption" tabIndex={0}>
        <table
          className="reach-table reach-areas"
          data-testid="reach-areas"
          data-sort={`${sort.key}:${sort.direction}`}
        >
          <caption id="reach-areas-caption">
            {t('reach.areas.caption')}{' '}
            <span className="reach-caption-note">
              {t('reach.areas.sortedBy', {
                column: label(sort.key),
                direction: t(`reach.areas.${sort.direction}`),
              })}
            </span>
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((key) => (
                <th key={key} scope="col" aria-sort={sort.key === key ? sort.direction : 'none'}>
                  <button
                    type="button"
                    className="reach-sort"
                    data-testid={`reach-sort-${key}`}
                    onClick={() => setSort((before) => nextSort(before, key))}
                  >
                    {label(key)}
                    <span aria-hidden="true">
                      {sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((area) => (
              <tr
                key={area.municipalityCode ?? 'unknown'}
                data-testid="reach-area"
                data-code={area.municipalityCode ?? ''}
                data-targeted={area.targeted}
                data-reached={area.reached}
                data-read={area.read}
                data-responded={area.responded}
              >
                <th scope="row">{area.name ?? t('reach.areas.unknown')}</th>
                <td className="reach-count">{format.count(area.targeted)}</td>
                <td className={unreachedOf(area) > 0 ? 'reach-count is-unreached' : 'reach-count'}>
                  {format.count(unreachedOf(area))}
                </td>
                {RATES.map((key) => (
                  <td key={key} className="reach-count">
                    {format.count(area[key])}
                    <small className="reach-rate">{format.percent(percent(area[key], area.targeted))}</small>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="warning-help">{t('reach.areas.sortHint')}</p>
    </>
  );
}
