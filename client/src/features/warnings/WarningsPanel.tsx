import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import type { AlertDetail, IssueResult } from '../../api/alerts';
import type { AppSocket } from '../../api/socket';
import { errorMessageKey } from '../../shared/errorMessages';
import { capInfoFor } from './capText';
import { ComposeWarning } from './ComposeWarning';
import { NeedHelpList } from './NeedHelpList';
import { installWarningsTestHook } from './testHook';
import { useWarningLayers } from './useWarningLayers';
import { useWarnings } from './useWarnings';
import { WarningItem } from './WarningItem';
import { openCalls, statsOf } from './warningsState';
import '../../styles/warnings.css';

type Composing = { replaces: AlertDetail | null } | null;

const isCurrent = (alert: AlertDetail, now: number) =>
  alert.expires === null || Date.parse(alert.expires) > now;

/**
 * HQ's warnings column: compose and send, watch receipts live, work through calls for help.
 * `children` are more sections of the column (the page adds the "not reached" panel).
 */
export function WarningsPanel({
  map,
  socket,
  children,
}: {
  map: L.Map | null;
  socket: AppSocket | null;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const { state, live, loadFailed, refresh, applyCall } = useWarnings(socket);
  const layers = useWarningLayers(map);
  const [composing, setComposing] = useState<Composing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Expired warnings drop off without a push, so the clock is part of what is shown.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  const active = useMemo(() => state.active.filter((alert) => isCurrent(alert, now)), [state.active, now]);
  const calls = useMemo(() => openCalls(state), [state]);

  useEffect(() => {
    layers?.setAreas(
      active.map((alert) => {
        const info = capInfoFor(alert.cap, i18n.resolvedLanguage);
        return {
          id: alert.id,
          headline: info?.headline ?? alert.headline ?? '',
          severity: info?.severity ?? 'Unknown',
          footprints: alert.areas.flatMap((area) => (area.footprint ? [area.footprint] : [])),
        };
      }),
    );
  }, [layers, active, i18n.resolvedLanguage]);
  useEffect(() => layers?.setCalls(calls), [layers, calls]);

  const read = useRef({ active, calls });
  read.current = { active, calls };
  useEffect(
    // Browser-test builds only (`vite build --mode e2e`): production bundles drop the hook entirely.
    () =>
      import.meta.env.MODE !== 'e2e'
        ? undefined
        : installWarningsTestHook({
            areaIds: () => read.current.active.map((alert) => alert.id),
            pins: () => read.current.calls.filter((call) => call.location !== null),
          }),
    [],
  );

  const issued = (result: IssueResult) => {
    setComposing(null);
    setNotice(
      t('warnings.list.issued', { count: result.targeted, formatted: result.targeted.toLocaleString() }),
    );
    refresh();
  };

  return (
    <aside className="warnings-panel" data-testid="warnings-panel" aria-labelledby="warnings-title">
      <div className="warnings-panel-head">
        <h2 id="warnings-title">{t('warnings.title')}</h2>
        {!composing && (
          <button
            type="button"
            className="primary"
            data-testid="warning-new"
            onClick={() => setComposing({ replaces: null })}
          >
            {t('warnings.list.new')}
          </button>
        )}
      </div>
      {!live && <p className="warning-help">{t('warnings.list.offline')}</p>}
      {loadFailed !== null && (
        <p className="warning-error" role="alert">
          {t('warnings.list.loadFailed')} {t(errorMessageKey(loadFailed))}{' '}
          <button type="button" onClick={refresh}>
            {t('hq.retry')}
          </button>
        </p>
      )}
      {notice && !composing && (
        <p className="warning-notice" role="status" data-testid="warning-notice">
          {notice}
        </p>
      )}
      {composing ? (
        <ComposeWarning
          key={composing.replaces?.id ?? 'new'}
          map={map}
          layers={layers}
          replaces={composing.replaces}
          onClose={() => setComposing(null)}
          onIssued={issued}
        />
      ) : (
        <section className="warning-section" aria-labelledby="active-warnings-title">
          <h2 id="active-warnings-title">
            {t('warnings.list.active')} <span className="warning-count">{active.length}</span>
          </h2>
          {active.length === 0 && <p className="muted">{t('warnings.list.none')}</p>}
          <ul className="warning-list" data-testid="warning-list">
            {active.map((alert) => (
              <WarningItem
                key={alert.id}
                alert={alert}
                stats={statsOf(state, alert)}
                onShow={() => layers?.showAlert(alert.id)}
                onUpdate={() => setComposing({ replaces: alert })}
                onCancelled={() => {
                  setNotice(t('warnings.list.cancelled'));
                  refresh();
                }}
              />
            ))}
          </ul>
        </section>
      )}
      <NeedHelpList calls={calls} onShow={(call) => layers?.showCall(call)} onChanged={applyCall} />
      {!composing && children}
    </aside>
  );
}
