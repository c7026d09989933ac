import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchInboxEntry, type InboxAnswer, type InboxEntry } from '../../api/inbox';
import { errorMessageKey } from '../../shared/errorMessages';
import { isAnswerable } from './inboxState';
import { ResponseForm } from './ResponseForm';
import { accountHeadline, accountHint } from './accountText';
import { applicationHeadline } from './applicationText';
import { formatTime } from '../../shared/time';
import { InboxNoticeDetail } from './InboxNotice';

// Leaflet and the boundaries load only when a warning is opened, not with the portal.
const AreaMiniMap = lazy(() => import('./AreaMiniMap'));

interface InboxEntryViewProps {
  entry: InboxEntry;
  onBack: () => void;
  onOpened: (position: number) => void;
  onRespond: (position: number, answer: InboxAnswer) => Promise<void>;
}

type AreaState =
  | { status: 'loading' }
  | { status: 'ready'; area: GeoJSON.MultiPolygon | null }
  | { status: 'failed'; error: unknown };

/** One warning, opened: what to do first, then what happened, where, and the answer buttons. */
export function InboxEntryView({ entry, onBack, onOpened, onRespond }: InboxEntryViewProps) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [area, setArea] = useState<AreaState>({ status: 'loading' });
  const alert = entry.alert;
  const cancelled = entry.action === 'cancel' || alert?.msgType === 'Cancel';

  useEffect(() => {
    headingRef.current?.focus();
    onOpened(entry.position);
  }, [entry.position, onOpened]);

  useEffect(() => {
    const controller = new AbortController();
    fetchInboxEntry(entry.position, controller.signal).then(
      (result) => setArea({ status: 'ready', area: result.area }),
      (error: unknown) => {
        if (!controller.signal.aborted) setArea({ status: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [entry.position]);

  return (
    <article
      className={`inbox-detail severity-${alert?.severity ?? 'Unknown'}${cancelled ? ' is-cancelled' : ''}`}
      data-testid="inbox-detail"
      data-position={entry.position}
      aria-labelledby={titleId}
    >
      <button type="button" className="inbox-back" data-testid="inbox-back" onClick={onBack}>
        {t('inbox.detail.back')}
      </button>
      {cancelled && <p className="inbox-banner is-cancelled">{t('inbox.detail.cancelled')}</p>}
      {!cancelled && entry.action === 'update' && <p className="inbox-banner">{t('inbox.detail.updated')}</p>}
      {!cancelled && alert && !alert.active && (
        <p className="inbox-banner is-inactive">{t('inbox.detail.inactive')}</p>
      )}
      <h3 id={titleId} ref={headingRef} tabIndex={-1} lang={alert?.language ?? undefined}>
        {entry.account
          ? accountHeadline(entry.account, t)
          : entry.application
            ? applicationHeadline(entry.application, t)
            : (alert?.headline ?? alert?.event ?? entry.notice?.title ?? t('inbox.list.untitled'))}
      </h3>
      {entry.account && <p data-testid="inbox-account-hint">{accountHint(entry.account, t)}</p>}
      {entry.notice && <InboxNoticeDetail notice={entry.notice} />}
      {entry.application?.reason && <p data-testid="inbox-application-reason">{entry.application.reason}</p>}
      {alert && (
        <>
          <p className="inbox-badges" hidden={cancelled}>
            <span className="inbox-badge is-severity">
              {t(`warnings.cap.severity.${alert.severity ?? 'Unknown'}`)}
            </span>
            <span className="inbox-badge">{t(`warnings.cap.urgency.${alert.urgency ?? 'Unknown'}`)}</span>
            <span className="inbox-badge">{t(`warnings.cap.certainty.${alert.certainty ?? 'Unknown'}`)}</span>
          </p>
          <dl className="inbox-facts">
            <dt>{t('inbox.detail.event')}</dt>
            <dd lang={alert.language ?? undefined}>{alert.event}</dd>
            <dt>{t('inbox.detail.sent')}</dt>
            <dd>{formatTime(alert.sent, i18n.resolvedLanguage)}</dd>
            {alert.expires && (
              <>
                <dt>{t('inbox.detail.expires')}</dt>
                <dd>{formatTime(alert.expires, i18n.resolvedLanguage)}</dd>
              </>
            )}
          </dl>
          {alert.instruction && (
            <div
              className="inbox-instruction"
              data-testid="inbox-instruction"
              lang={alert.language ?? undefined}
            >
              <h4>{t('inbox.detail.instruction')}</h4>
              <p>{alert.instruction}</p>
            </div>
          )}
          {alert.description && (
            <p className="inbox-description" lang={alert.language ?? undefined}>
              {alert.description}
            </p>
          )}
        </>
      )}
      {area.status === 'ready' && area.area && (
        <Suspense fallback={<div className="inbox-map is-loading" />}>
          <AreaMiniMap area={area.area} />
        </Suspense>
      )}
      {area.status === 'failed' && (
        <p className="warning-help">
          {t('inbox.detail.mapFailed')} {t(errorMessageKey(area.error))}
        </p>
      )}
      {isAnswerable(entry) && (
        <ResponseForm entry={entry} onRespond={(answer) => onRespond(entry.position, answer)} />
      )}
    </article>
  );
}
