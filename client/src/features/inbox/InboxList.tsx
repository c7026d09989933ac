import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxEntry } from '../../api/inbox';
import { accountHeadline } from './accountText';
import { applicationHeadline } from './applicationText';
import { formatTime } from '../../shared/time';

interface InboxListProps {
  ref: Ref<HTMLUListElement>;
  entries: readonly InboxEntry[];
  loaded: boolean;
  /** Entries above this position arrived since the last visit. */
  newAfter: number;
  onOpen: (position: number) => void;
}

function stateLabel(entry: InboxEntry): string | null {
  if (entry.action === 'cancel' || entry.alert?.msgType === 'Cancel') return 'inbox.list.cancelled';
  if (entry.alert && !entry.alert.active) return 'inbox.list.inactive';
  if (entry.action === 'update') return 'inbox.list.updated';
  return null;
}

/** Newest first; unread entries stand out, and each shows the answer already given. */
export function InboxList({ ref, entries, loaded, newAfter, onOpen }: InboxListProps) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) {
    return <p className="muted">{loaded ? t('inbox.empty') : t('app.loading')}</p>;
  }
  return (
    <ul ref={ref} className="inbox-list" data-testid="inbox-list">
      {entries.map((entry) => {
        const alert = entry.alert;
        const label = stateLabel(entry);
        const unread = entry.readAt === null;
        const retired = label !== null && label !== 'inbox.list.updated';
        return (
          <li
            key={entry.position}
            className={[
              'inbox-item',
              `severity-${alert?.severity ?? 'Unknown'}`,
              unread ? 'is-unread' : '',
              retired ? 'is-retired' : '',
            ].join(' ')}
            data-testid="inbox-item"
            data-position={entry.position}
            data-alert-id={entry.alertId ?? ''}
            data-read={!unread}
            data-response={entry.response ?? ''}
          >
            <button type="button" data-testid="inbox-open" onClick={() => onOpen(entry.position)}>
              <span className="inbox-item-meta">
                {unread && <span className="inbox-badge is-unread">{t('inbox.list.unread')}</span>}
                {entry.position > newAfter && !unread && (
                  <span className="inbox-badge">{t('inbox.list.new')}</span>
                )}
                {label && <span className="inbox-badge is-state">{t(label)}</span>}
                {entry.notice && <span className="inbox-badge">{t('notices.inbox.badge')}</span>}
                {label !== 'inbox.list.cancelled' &&
                  !entry.application &&
                  !entry.notice &&
                  !entry.account && (
                    <span className="inbox-badge is-severity">
                      {t(`warnings.cap.severity.${alert?.severity ?? 'Unknown'}`)}
                    </span>
                  )}
                <time dateTime={entry.createdAt}>{formatTime(entry.createdAt, i18n.resolvedLanguage)}</time>
              </span>
              <span className="inbox-item-headline" lang={alert?.language ?? undefined}>
                {entry.account
                  ? accountHeadline(entry.account, t)
                  : entry.application
                    ? applicationHeadline(entry.application, t)
                    : (alert?.headline ?? alert?.event ?? entry.notice?.title ?? t('inbox.list.untitled'))}
              </span>
              {entry.response && (
                <span className="inbox-item-answer">
                  {t('inbox.respond.current', { answer: t(`inbox.response.${entry.response}`) })}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
