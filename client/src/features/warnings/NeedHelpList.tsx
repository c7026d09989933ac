import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignNeedHelp, resolveNeedHelp, type NeedHelp } from '../../api/alerts';
import { errorMessageKey } from '../../shared/errorMessages';
import { needHelpKey } from './warningsState';

interface NeedHelpListProps {
  calls: readonly NeedHelp[];
  onShow: (call: NeedHelp) => void;
  onChanged: (call: NeedHelp) => void;
}

/** Open calls for help, oldest first, to work through: show on the map, take it, mark it dealt with. */
export function NeedHelpList({ calls, onShow, onChanged }: NeedHelpListProps) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const act = async (call: NeedHelp, action: typeof assignNeedHelp) => {
    setBusy(needHelpKey(call));
    setError(null);
    try {
      onChanged(await action(call.alertId, call.position));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section
      className="warning-section"
      aria-labelledby="need-help-title"
      data-testid="need-help-list"
      data-count={calls.length}
    >
      <h2 id="need-help-title">
        {t('warnings.calls.title')} <span className="warning-count">{calls.length}</span>
      </h2>
      {calls.length === 0 && <p className="muted">{t('warnings.calls.none')}</p>}
      {error !== null && (
        <p className="warning-error" role="alert">
          {t(errorMessageKey(error))}
        </p>
      )}
      <ul className="need-help-list">
        {calls.map((call) => {
          const key = needHelpKey(call);
          const time = new Date(call.respondedAt).toLocaleTimeString(i18n.resolvedLanguage, {
            timeZone: 'Asia/Tokyo',
            hour: '2-digit',
            minute: '2-digit',
          });
          return (
            <li
              key={key}
              data-testid="need-help-item"
              data-alert-id={call.alertId}
              data-position={call.position}
            >
              <div className="need-help-head">
                <strong>{call.name}</strong>
                <span className="muted">{time}</span>
              </div>
              {call.note && <p className="need-help-note">{call.note}</p>}
              <p className="warning-help">
                {call.location
                  ? t(`warnings.calls.source.${call.location.source}`)
                  : t('warnings.calls.noLocation')}
                {call.assignedTo && ` · ${t('warnings.calls.assigned')}`}
              </p>
              <div className="warning-row">
                <button
                  type="button"
                  data-testid="need-help-show"
                  disabled={!call.location}
                  onClick={() => onShow(call)}
                >
                  {t('warnings.calls.show')}
                </button>
                {!call.assignedTo && (
                  <button
                    type="button"
                    data-testid="need-help-assign"
                    disabled={busy === key}
                    onClick={() => void act(call, assignNeedHelp)}
                  >
                    {t('warnings.calls.assign')}
                  </button>
                )}
                <button
                  type="button"
                  className="primary"
                  data-testid="need-help-resolve"
                  disabled={busy === key}
                  onClick={() => void act(call, resolveNeedHelp)}
                >
                  {t('warnings.calls.resolve')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
