import { useTranslation } from 'react-i18next';
import type { ShelterTotals } from '../shelters/shelterStore';

interface TotalsPanelProps {
  totals: ShelterTotals;
  live: boolean;
}

export function TotalsPanel({ totals, live }: TotalsPanelProps) {
  const { t, i18n } = useTranslation();
  const format = (value: number) => value.toLocaleString(i18n.resolvedLanguage);
  const rows: { key: keyof ShelterTotals; label: string }[] = [
    { key: 'shelters', label: t('hq.totals.shelters') },
    { key: 'open', label: t('hq.totals.open') },
    { key: 'full', label: t('hq.totals.full') },
    { key: 'occupancy', label: t('hq.totals.occupancy') },
    { key: 'knownCapacity', label: t('hq.totals.capacity') },
  ];

  return (
    <aside className="side-panel" data-testid="totals-panel" aria-labelledby="totals-title">
      <h1 className="page-title">{t('hq.title')}</h1>
      <p className={`live-status ${live ? 'is-live' : ''}`} data-testid="live-status" data-live={live}>
        <span className="live-dot" aria-hidden="true" />
        {live ? t('hq.live.connected') : t('hq.live.disconnected')}
      </p>
      <h2 id="totals-title">{t('hq.totals.title')}</h2>
      <dl className="totals">
        {rows.map(({ key, label }) => (
          <div key={key} className="totals-row">
            <dt>{label}</dt>
            <dd data-testid={`totals-${key}`} data-value={totals[key]}>
              {format(totals[key])}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
