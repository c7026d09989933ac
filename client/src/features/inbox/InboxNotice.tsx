import { useTranslation } from 'react-i18next';
import type { InboxNoticeText } from '../../api/inbox';
import { formatTime } from '../../shared/time';

/** Only https links and this site's own paths become links; anything else stays plain text. */
function safeHref(link: string): string | null {
  return /^https:\/\//.test(link) || /^\/(?!\/)/.test(link) ? link : null;
}

/** A notice opened in the resident's inbox: its text, how long it is shown, and its link. */
export function InboxNoticeDetail({ notice }: { notice: InboxNoticeText }) {
  const { t, i18n } = useTranslation();
  const href = notice.link ? safeHref(notice.link) : null;
  return (
    <div className="inbox-notice" data-testid="inbox-notice">
      <p className="inbox-badges">
        <span className="inbox-badge">{t('notices.inbox.badge')}</span>
      </p>
      <p className="inbox-description" lang={notice.language}>
        {notice.body}
      </p>
      {href && (
        <a
          className="inbox-notice-link"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="inbox-notice-link"
        >
          {t('notices.inbox.open')}
        </a>
      )}
      <p className="muted">
        {t('notices.inbox.until', { time: formatTime(notice.endsAt, i18n.resolvedLanguage) })}
      </p>
    </div>
  );
}
