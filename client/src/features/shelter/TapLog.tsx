import { useTranslation } from 'react-i18next';
import type { TapLogEntry } from '../../api/console';
import { consoleErrorKey } from './consoleErrors';
import { formatTapTime } from './format';
import { isUnresolvedUnknown, outcomeTone, type TapLogState } from './tapLog';

const FRESH_MS = 2500;

interface TapLogProps {
  tapLog: TapLogState;
  live: boolean;
  onBind: (tap: TapLogEntry) => void;
}

/** Every tap at the shelter as it happens, newest on top. */
export function TapLog({ tapLog, live, onBind }: TapLogProps) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  // Only a tap that has just arrived flashes; switching tabs back must not replay the highlight.
  const isFresh = (tap: TapLogEntry) =>
    tapLog.fresh.has(tap.eventId) && now.getTime() - Date.parse(tap.receivedAt) < FRESH_MS;

  return (
    <section className="card console-panel" aria-labelledby="tap-log-title" data-testid="tap-log-panel">
      <div className="panel-head">
        <h2 id="tap-log-title">{t('console.taps.title')}</h2>
        <span
          className={`live-status ${live ? 'is-live' : ''}`}
          data-testid="console-live-status"
          data-live={live}
        >
          <span className="live-dot" aria-hidden="true" />
          {live ? t('console.live.connected') : t('console.live.disconnected')}
        </span>
      </div>
      {tapLog.taps.length === 0 ? (
        <p className="muted" data-testid="tap-log-empty">
          {t('console.taps.empty')}
        </p>
      ) : (
        // A log, so screen readers announce new rows without re-reading the whole list.
        <ol
          className="tap-log"
          role="log"
          aria-live="polite"
          aria-labelledby="tap-log-title"
          data-testid="tap-log"
        >
          {tapLog.taps.map((tap) => {
            const tone = outcomeTone(tap.outcome);
            const unresolved = isUnresolvedUnknown(tap);
            return (
              <li
                key={tap.eventId}
                className={`tap-row tone-${tone}${isFresh(tap) ? ' is-fresh' : ''}`}
                data-testid="tap-log-entry"
                data-event-id={tap.eventId}
                data-outcome={tap.outcome}
                data-resident-id={tap.residentId ?? ''}
              >
                <time className="tap-time" dateTime={tap.tappedAt}>
                  {formatTapTime(tap.tappedAt, i18n.resolvedLanguage, now)}
                </time>
                <span className={`outcome-badge tone-${tone}`}>{t(`console.outcome.${tap.outcome}`)}</span>
                <span className="tap-who">
                  {tap.displayName ?? (tap.outcome === 'unknown_card' ? t('console.taps.unknownCard') : null)}
                  {tap.errorId && <span className="tap-error">{t(consoleErrorKey(tap.errorId))}</span>}
                  {tap.outcome === 'unknown_card' && tap.resolvedAt !== null && (
                    <span className="muted"> {t('console.taps.resolved')}</span>
                  )}
                </span>
                <span className="tap-meta muted">
                  {tap.readerName}
                  {tap.occupancyAfter !== null &&
                    ` · ${t('console.taps.occupancyAfter', { n: tap.occupancyAfter })}`}
                </span>
                {unresolved && (
                  <button
                    type="button"
                    className="primary"
                    data-testid="tap-log-bind"
                    onClick={() => onBind(tap)}
                  >
                    {t('console.unknown.bind')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
