import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { errorMessageKey } from '../auth/errorMessages';
import { useLiveShelters } from '../shelters/useLiveShelters';
import { useShelters, useTotals } from '../shelters/useShelters';
import { Legend } from './Legend';
import { ShelterMap } from './ShelterMap';
import { TotalsPanel } from './TotalsPanel';
import { useClientConfig } from './useClientConfig';
import { WarningsPanel } from '../warnings/WarningsPanel';
import '../../styles/hq.css';

export function HqMapPage() {
  const { t } = useTranslation();
  const config = useClientConfig();
  const [shelters, retry] = useShelters();
  const store = shelters.status === 'ready' ? shelters.store : null;
  const live = useLiveShelters(store);
  const totals = useTotals(store);
  const [map, setMap] = useState<L.Map | null>(null);

  return (
    <div className="hq-page" data-testid="hq-page">
      <WarningsPanel map={map} />
      <div className="hq-map-area">
        {store && config && <ShelterMap store={store} config={config} onMap={setMap} />}
        {shelters.status === 'loading' && (
          <p className="map-overlay-message" role="status">
            {t('app.loading')}
          </p>
        )}
        {shelters.status === 'failed' && (
          <div className="map-overlay-message" role="alert" data-testid="hq-load-error">
            <p>
              {t('hq.loadFailed')} {t(errorMessageKey(shelters.error))}
            </p>
            <button type="button" onClick={retry}>
              {t('hq.retry')}
            </button>
          </div>
        )}
        <Legend />
      </div>
      <TotalsPanel
        totals={totals ?? { shelters: 0, open: 0, full: 0, occupancy: 0, knownCapacity: 0 }}
        live={live}
      />
    </div>
  );
}
