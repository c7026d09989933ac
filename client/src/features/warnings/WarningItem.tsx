import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueAlert, type AlertDetail, type AlertStats } from '../../api/alerts';
import { errorMessageKey } from '../../shared/errorMessages';
import { buildCancel, formFromCap, newIdentifier } from './capBuilder';
import { capInfoFor } from './capText';

interface WarningItemProps {
  alert: AlertDetail;
  stats: AlertStats;
  onShow: () => void;
  onUpdate: () => void;
  onCancelled: () => void;
}

const STAT_KEYS: (keyof AlertStats)[] = ['targeted', 'delivered', 'read', 'responded', 'needHelp'];

/** One active warning: its live receipt counts and what HQ can do with it. */
export function WarningItem({ alert, stats, onShow, onUpdate, onCancelled }: WarningItemProps) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const info = capInfoFor(alert.cap, i18n.resolvedLanguage);
  const headline = info?.headline ?? info?.event ?? alert.headline ?? alert.identifier;
  const format = (n: number) => n.toLocaleString(i18n.resolvedLanguage);
  const percent = (n: number) => (stats.targeted > 0 ? Math.round((n / stats.targeted) * 100) : 0);
  const expires = alert.expires
    ? new Date(alert.expires).toLocaleString(i18n.resolvedLanguage, {
        timeZone: 'Asia/Tokyo',
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : null;

  const cancel = async () => {
    setBusy(true);
    setError(null);
    const now = new Date();
    try {
      const { form } = formFromCap(alert.cap, now);
      await issueAlert(buildCancel(form, alert, { now, identifier: newIdentifier(now) }));
      onCancelled();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <li
      className={`warning-item severity-${info?.severity ?? 'Unknown'}`}
      data-testid="warning-item"
      data-alert-id={alert.id}
      data-msg-type={alert.msgType}
    >
      <div className="warning-item-head">
        <span className="warning-badge">{t(`warnings.cap.severity.${info?.severity ?? 'Unknown'}`)}</span>
        {alert.status !== 'Actual' && (
          <span className="warning-badge is-status">
            {t(`warnings.cap.status.${alert.status}`, { defaultValue: alert.status })}
          </span>
        )}
        {alert.msgType === 'Update' && (
          <span className="warning-badge is-status">{t('warnings.list.updated')}</span>
        )}
      </div>
      <h3 className="warning-headline">{headline}</h3>
      <p className="warning-help">
        {alert.areas[0]?.areaDesc}
        {expires && ` · ${t('warnings.list.expires', { time: expires })}`}
      </p>
      <dl className="warning-stats">
        {STAT_KEYS.map((key) => (
          <div key={key} className={`warning-stat is-${key}`}>
            <dt>{t(`warnings.stats.${key}`)}</dt>
            <dd data-testid={`warning-stat-${key}`} data-value={stats[key]}>
              {format(stats[key])}
              {key !== 'targeted' && stats.targeted > 0 && <small> {percent(stats[key])}%</small>}
            </dd>
          </div>
        ))}
      </dl>
      <div className="warning-row">
        <button type="button" onClick={onShow} data-testid="warning-show">
          {t('warnings.list.show')}
        </button>
        <button type="button" onClick={onUpdate} data-testid="warning-update" disabled={busy}>
          {t('warnings.list.update')}
        </button>
        {!confirming && (
          <button
            type="button"
            className="danger"
            onClick={() => setConfirming(true)}
            data-testid="warning-cancel"
          >
            {t('warnings.list.cancel')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="warning-confirm" role="group" aria-label={t('warnings.list.cancelConfirm')}>
          <p>{t('warnings.list.cancelConfirm')}</p>
          <div className="warning-row">
            <button
              type="button"
              className="danger"
              data-testid="warning-cancel-confirm"
              disabled={busy}
              onClick={() => void cancel()}
            >
              {t('warnings.list.cancelYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={busy}>
              {t('warnings.list.cancelNo')}
            </button>
          </div>
        </div>
      )}
      {error !== null && (
        <p className="warning-error" role="alert">
          {t(errorMessageKey(error))}
        </p>
      )}
    </li>
  );
}
