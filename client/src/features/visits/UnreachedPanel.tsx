import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import type { AppSocket } from '../../api/socket';
import { openVisitTasks } from '../../api/visits';
import { errorMessageKey } from '../../shared/errorMessages';
import { UnreachedLayer } from './unreachedLayer';
import { useUnreached } from './useUnreached';
import { VisitTaskList } from './VisitTaskList';
import '../../styles/visits.css';

/**
 * HQ's "not reached" panel for one active warning: how many people it did not reach (live), who
 * they are (people needing care first), where they live as a grid on the map, and the visit tasks
 * opened for them, to assign to staff or community supporters.
 */
export function UnreachedPanel({ map, socket }: { map: L.Map | null; socket: AppSocket | null }) {
  const { t } = useTranslation();
  const state = useUnreached(socket);
  const { unreached, heat, tasks, alerts, alertId } = state;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [showHeat, setShowHeat] = useState(true);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const layer = useRef<UnreachedLayer | null>(null);
  const tRef = useRef(t);
  tRef.current = t;

  useEffect(() => {
    if (!map) return;
    const created = new UnreachedLayer(map, (people) =>
      tRef.current('visits.unreached.heatCell', { count: people }),
    );
    layer.current = created;
    return () => {
      created.destroy();
      layer.current = null;
    };
  }, [map]);
  useEffect(() => layer.current?.show(heat, showHeat), [heat, showHeat, map]);
  useEffect(() => setSelected(new Set()), [alertId]);

  const withoutTask = useMemo(
    () =>
      (unreached?.people ?? []).filter(
        (person) => !person.task || (person.task.status !== 'open' && person.task.status !== 'assigned'),
      ),
    [unreached],
  );

  const toggle = (residentId: string) =>
    setSelected((before) => {
      const next = new Set(before);
      if (next.has(residentId)) next.delete(residentId);
      else next.add(residentId);
      return next;
    });

  const open = async () => {
    if (!alertId || selected.size === 0) return;
    setBusy(true);
    setError(null);
    try {
      const result = await openVisitTasks(alertId, [...selected]);
      setNotice(t('visits.unreached.opened', { count: result.opened.length }));
      setSelected(new Set());
      state.refresh();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="warning-section unreached-panel"
      aria-labelledby="unreached-title"
      data-testid="unreached-panel"
      data-alert-id={alertId ?? ''}
      data-total={unreached?.total ?? 0}
    >
      <h2 id="unreached-title">
        {t('visits.unreached.title')} <span className="warning-count">{unreached?.total ?? 0}</span>
      </h2>
      <p className="warning-help">{t('visits.unreached.intro')}</p>
      {alerts.length === 0 ? (
        <p className="muted">{t('visits.unreached.noWarning')}</p>
      ) : (
        <label className="unreached-field">
          {t('visits.unreached.warning')}
          <select
            data-testid="unreached-alert"
            value={alertId ?? ''}
            onChange={(event) => state.setAlertId(event.target.value)}
          >
            {alerts.map((alert) => (
              <option key={alert.id} value={alert.id}>
                {alert.headline ?? alert.identifier}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="unreached-toggle">
        <input
          type="checkbox"
          data-testid="unreached-heat-toggle"
          checked={showHeat}
          onChange={(event) => setShowHeat(event.target.checked)}
        />
        {t('visits.unreached.heat')}
      </label>
      {state.failed !== null && (
        <p className="warning-error" role="alert">
          {t('visits.unreached.loadFailed')} {t(errorMessageKey(state.failed))}
        </p>
      )}
      {unreached && unreached.people.length < unreached.total && (
        <p className="muted">{t('visits.unreached.shown', { count: unreached.people.length })}</p>
      )}
      <ul className="unreached-list">
        {(unreached?.people ?? []).map((person) => {
          const hasOpenTask = person.task?.status === 'open' || person.task?.status === 'assigned';
          return (
            <li key={person.residentId} data-testid="unreached-item" data-resident-id={person.residentId}>
              <label>
                <input
                  type="checkbox"
                  data-testid="unreached-check"
                  disabled={hasOpenTask}
                  checked={selected.has(person.residentId)}
                  onChange={() => toggle(person.residentId)}
                />
                <span>{person.name}</span>
              </label>
              {person.needsCare && <span className="warning-badge">{t('visits.unreached.needsCare')}</span>}
              {person.task && (
                <span className="muted">
                  {t('visits.unreached.hasTask', { status: t(`visits.tasks.status.${person.task.status}`) })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="warning-row">
        <button
          type="button"
          data-testid="unreached-select-all"
          disabled={withoutTask.length === 0}
          onClick={() => setSelected(new Set(withoutTask.map((person) => person.residentId)))}
        >
          {t('visits.unreached.selectAll')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="unreached-open"
          disabled={busy || selected.size === 0}
          onClick={() => void open()}
        >
          {t('visits.unreached.open')}
        </button>
      </div>
      {notice && (
        <p className="warning-notice" role="status">
          {notice}
        </p>
      )}
      {error !== null && (
        <p className="warning-error" role="alert">
          {t(errorMessageKey(error))}
        </p>
      )}
      <VisitTaskList tasks={tasks} onChanged={() => state.refresh()} />
    </section>
  );
}
