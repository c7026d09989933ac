import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HqTotals } from '../../api/hq';
import type { ShelterTotals } from '../../shared/shelters/shelterStore';
import { HEAT_LEGEND } from './heatLayer';
import type { HeatState } from './useUnaccountedHeat';

interface TotalsPanelProps {
  totals: ShelterTotals;
  /** People totals from the server; null until loaded. */
  people: HqTotals | null;
  live: boolean;
  /** A past snapshot is on the map: shelter numbers are historical, people totals are not shown. */
  historical: boolean;
  heat: HeatState;
  children?: ReactNode;
}

type Row = { key: string; label: string; value: number | null; strong?: boolean };

export function TotalsPanel({ totals, people, live, historical, heat, children }: TotalsPanelProps) {
  const { t, i18n } = useTranslation();
  const format = (value: number | null) =>
    value === null ? t('hqmap.totals.none') : value.toLocaleString(i18n.resolvedLanguage);
  const shelterRows: Row[] = [
    { key: 'shelters', label: t('hq.totals.shelters'), value: totals.shelters },
    { key: 'open', label: t('hq.totals.open'), value: totals.open },
    { key: 'full', label: t('hq.totals.full'), value: totals.full },
    { key: 'occupancy', label: t('hq.totals.occupancy'), value: totals.occupancy, strong: true },
    { key: 'knownCapacity', label: t('hq.totals.capacity'), value: totals.knownCapacity },
  ];
  const peopleRows: Row[] = people
    ? [
        { key: 'atHome', label: t('hqmap.totals.atHome'), value: people.atHome },
        {
          key: 'evacuatedOutside',
          label: t('hqmap.totals.evacuatedOutside'),
          value: people.evacuatedOutside,
        },
        { key: 'elsewhere', label: t('hqmap.totals.elsewhere'), value: people.elsewhere },
        { key: 'unknownPlace', label: t('hqmap.totals.unknownPlace'), value: people.unknownPlace },
        { key: 'unaccounted', label: t('hqmap.totals.unaccounted'), value: people.unaccounted, strong: true },
      ]
    : [];

  const list = (rows: Row[]) => (
    <dl className="totals">
      {rows.map(({ key, label, value, strong }) => (
        <div key={key} className={`totals-row${strong ? ' is-key' : ''}`}>
          <dt>{label}</dt>
          <dd data-testid={`totals-${key}`} data-value={value ?? ''}>
            {format(value)}
          </dd>
        </div>
      ))}
    </dl>
  );

  return (
    <aside className="side-panel" data-testid="totals-panel" aria-labelledby="totals-title">
      <h1 className="page-title">{t('hq.title')}</h1>
      <p className={`live-status ${live ? 'is-live' : ''}`} data-testid="live-status" data-live={live}>
        <span className="live-dot" aria-hidden="true" />
        {live ? t('hq.live.connected') : t('hq.live.disconnected')}
      </p>
      <h2 id="totals-title">{historical ? t('hqmap.totals.sheltersThen') : t('hq.totals.title')}</h2>
      {list(shelterRows)}
      {!historical && (
        <>
          <h2>{t('hqmap.totals.people')}</h2>
          {people?.incident ? (
            <p className="warning-help" data-testid="totals-incident">
              {t('hqmap.totals.since', {
                name: people.incident.name,
                at: new Date(people.incident.startedAt).toLocaleString(i18n.resolvedLanguage, {
                  timeZone: 'Asia/Tokyo',
                  month: 'short',
                  day: 'numeric',
                  hour: '2-digit',
                  minute: '2-digit',
                }),
              })}
            </p>
          ) : (
            people && <p className="warning-help">{t('hqmap.totals.noIncident')}</p>
          )}
          {list(peopleRows)}
        </>
      )}
      <section
        className="heat-summary"
        aria-labelledby="heat-title"
        data-testid="heat-summary"
        data-cells={heat.cells}
      >
        <h2 id="heat-title">{t('hqmap.heat.title')}</h2>
        <label className="heat-toggle">
          <input
            type="checkbox"
            checked={heat.visible}
            data-testid="heat-toggle"
            onChange={(event) => heat.setVisible(event.currentTarget.checked)}
          />
          {t('hqmap.heat.show')}
        </label>
        <p className="warning-help">
          {heat.cells > 0
            ? t('hqmap.heat.summary', { count: heat.people, cells: heat.cells })
            : t('hqmap.heat.empty')}
        </p>
        <ul className="heat-legend" aria-label={t('hqmap.heat.legend')}>
          {HEAT_LEGEND.map(({ min, colour }) => (
            <li key={min}>
              <span className="legend-swatch" style={{ background: colour }} aria-hidden="true" />
              {t('hqmap.heat.atLeast', { count: min })}
            </li>
          ))}
        </ul>
      </section>
      {children}
    </aside>
  );
}
