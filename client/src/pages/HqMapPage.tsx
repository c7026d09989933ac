import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import type { ShelterLayer } from '../map/shelterLayer';
import { errorMessageKey } from '../shared/errorMessages';
import { useLiveShelters } from '../shared/shelters/useLiveShelters';
import { useShelters, useTotals } from '../shared/shelters/useShelters';
import { Legend } from '../features/hq/Legend';
import { installOverviewTestHook } from '../features/hq/overviewTestHook';
import { ShelterMap } from '../features/hq/ShelterMap';
import { buildOccupancySvg } from '../features/hq/timeline/occupancySvg';
import { TimelinePanel } from '../features/hq/timeline/TimelinePanel';
import { useTimeline } from '../features/hq/timeline/useTimeline';
import { TotalsPanel } from '../features/hq/TotalsPanel';
import { useClientConfig } from '../features/hq/useClientConfig';
import { useHqTotals } from '../features/hq/useHqTotals';
import { usePageSocket } from '../features/hq/usePageSocket';
import { useUnaccountedHeat } from '../features/hq/useUnaccountedHeat';
import { PostLettersSection } from '../features/post/PostLettersSection';
import { ReachFunnelPanel } from '../features/reach/ReachFunnelPanel';
import { UnreachedPanel } from '../features/visits/UnreachedPanel';
import { WarningsPanel } from '../features/warnings/WarningsPanel';
import '../styles/hq.css';
import '../styles/hqmap.css';

export function HqMapPage() {
  const { t } = useTranslation();
  const config = useClientConfig();
  const [shelters, retry] = useShelters();
  const store = shelters.status === 'ready' ? shelters.store : null;
  const { socket, connected } = usePageSocket();
  useLiveShelters(store, socket);
  const totals = useTotals(store);
  const people = useHqTotals(socket);
  const [map, setMap] = useState<L.Map | null>(null);
  const [layer, setLayer] = useState<ShelterLayer | null>(null);
  const heat = useUnaccountedHeat(map, socket);
  const timeline = useTimeline(store);

  // Popups chart each shelter's occupancy over the loaded timeline, with the shown snapshot marked.
  useEffect(() => {
    if (!layer) return;
    const { series, index } = timeline;
    layer.setPopupExtra(
      series.size === 0
        ? null
        : (shelter) => {
            const values = series.get(shelter.id);
            if (!values) return null;
            const figure = document.createElement('figure');
            figure.className = 'popup-chart';
            figure.dataset.testid = 'shelter-popup-chart';
            const caption = document.createElement('figcaption');
            caption.textContent = t('hqmap.timeline.popupChart', { peak: Math.max(...values) });
            figure.append(caption, buildOccupancySvg(values, { label: caption.textContent, marker: index }));
            return figure;
          },
    );
  }, [layer, timeline.series, timeline.index, t]);

  const read = useRef({ heat, timeline, people });
  read.current = { heat, timeline, people };
  useEffect(
    // Browser-test builds only (`vite build --mode e2e`): production bundles drop the hook entirely.
    () =>
      import.meta.env.MODE !== 'e2e'
        ? undefined
        : installOverviewTestHook({
            heatCells: () => read.current.heat.cells,
            heatPeople: () => read.current.heat.people,
            heatPeopleIn: (alertId) => read.current.heat.byAlert.get(alertId),
            timelineIndex: () => read.current.timeline.index,
            unaccounted: () => read.current.people?.unaccounted ?? null,
          }),
    [],
  );

  return (
    <div className="hq-page" data-testid="hq-page">
      <WarningsPanel map={map} socket={socket}>
        <ReachFunnelPanel socket={socket} />
        <UnreachedPanel map={map} socket={socket} />
        <PostLettersSection socket={socket} />
      </WarningsPanel>
      <div className="hq-map-area">
        {store && config && <ShelterMap store={store} config={config} onMap={setMap} onLayer={setLayer} />}
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
        {timeline.index !== null && (
          <p className="map-overlay-message timeline-banner" role="status" data-testid="timeline-banner">
            {t('hqmap.timeline.banner')}
          </p>
        )}
        <Legend />
      </div>
      <TotalsPanel
        totals={totals ?? { shelters: 0, open: 0, full: 0, occupancy: 0, knownCapacity: 0 }}
        people={people}
        live={connected}
        historical={timeline.index !== null}
        heat={heat}
      >
        <TimelinePanel timeline={timeline} />
      </TotalsPanel>
    </div>
  );
}
