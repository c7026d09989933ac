import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listNotices, type SentNotice } from '../../api/notices';
import { formatTime } from '../../shared/time';
import { noticeErrorKey } from './noticeErrors';

const REFRESH_MS = 15_000;

/** Sent notices with their receipts; refreshed while open so counts move as people read. */
export function SentNotices({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const [notices, setNotices] = useState<SentNotice[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback((signal?: AbortSignal) => {
    listNotices(signal).then(
      (list) => {
        setNotices(list);
        setError(null);
      },
      (failure: unknown) => {
        if (!signal?.aborted) setError(failure);
      },
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    const timer = setInterval(() => load(controller.signal), REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [load, version]);

  return (
    <section className="card notice-list" data-testid="notice-list">
      <h2>{t('notices.list.title')}</h2>
      {error !== null && <p role="alert">{t(noticeErrorKey(error))}</p>}
      {notices === null && error === null && <p className="muted">{t('app.loading')}</p>}
      {notices?.length === 0 && <p className="muted">{t('notices.list.empty')}</p>}
      <ul>
        {notices?.map((n) => (
          <li
            key={n.id}
            data-testid="notice-item"
            data-notice-id={n.id}
            className={n.active ? '' : 'is-retired'}
          >
            <strong lang="ja">{n.texts.ja.title}</strong>
            <span className="notice-dates">
              {t('notices.list.until', { time: formatTime(n.endsAt, i18n.resolvedLanguage) })}
              {!n.active && ` · ${t('notices.list.ended')}`}
            </span>
            <span className="notice-stats" data-testid="notice-stats">
              {t('notices.list.stats', n.stats)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
