import { useTranslation } from 'react-i18next';
import type { AppSocket } from '../../api/socket';
import { errorMessageKey } from '../../shared/errorMessages';
import { AreaTable } from './AreaTable';
import { ChannelTable } from './ChannelTable';
import { FailureTable } from './FailureTable';
import { FunnelTable } from './FunnelTable';
import { updatedAt } from './reachModel';
import { useReach } from './useReach';
import '../../styles/reach.css';

/**
 * HQ's reach funnel for one active warning, live: targeted → reached → read → answered, each
 * channel by status (with the open app's receipts), why messages failed, and each municipality
 * with the worst reached first. Counts only: nobody is named here (the "not reached" panel names
 * people, and logs each read).
 */
export function ReachFunnelPanel({ socket }: { socket: AppSocket | null }) {
  const { t, i18n } = useTranslation();
  const state = useReach(socket);
  const { alerts, alertId, view } = state;
  const updated = view
    ? new Date(updatedAt(view)).toLocaleTimeString(i18n.resolvedLanguage, { timeZone: 'Asia/Tokyo' })
    : null;

  return (
    <section
      className="warning-section reach-panel"
      aria-labelledby="reach-title"
      data-testid="reach-panel"
      data-alert-id={view?.alertId ?? ''}
    >
      <h2 id="reach-title">{t('reach.title')}</h2>
      <p className="warning-help">{t('reach.intro')}</p>
      {alerts.length === 0 ? (
        <p className="muted">{t('reach.noWarning')}</p>
      ) : (
        <label className="reach-field">
          {t('reach.warning')}
          <select
            data-testid="reach-alert"
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
      {state.failed !== null && (
        <p className="warning-error" role="alert">
          {t('reach.loadFailed')} {t(errorMessageKey(state.failed))}
        </p>
      )}
      {alertId && !view && state.failed === null && <p className="muted">{t('reach.loading')}</p>}
      {view && (
        <>
          <p className={state.live ? 'reach-status' : 'reach-status is-offline'} data-testid="reach-status">
            <span className="reach-live-dot" aria-hidden="true" />
            {state.live ? t('reach.live') : t('reach.offline')} · {t('reach.updated', { time: updated })}
          </p>
          <FunnelTable funnel={view.funnel} />
          <p className="warning-help">{t('reach.funnel.help')}</p>
          <ChannelTable channels={view.channels} inApp={view.inApp} />
          <p className="warning-help">{t('reach.channels.help')}</p>
          <FailureTable failures={view.failures} />
          <AreaTable areas={view.areas} />
        </>
      )}
    </section>
  );
}
