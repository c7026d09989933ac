import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAccessLog, type AccessLogEntry } from '../../api/family';
import { actionKey, appendPage, entryKey, viaKey, viewerPhrase } from './accessLog';
import { familyErrorKey } from './familyErrors';
import { formatDateTime } from './when';

const PAGE_SIZE = 20;

/** やりとり履歴: who looked at my data, when, what, through which screen, and why. */
export function AccessLogPanel({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [entries, setEntries] = useState<AccessLogEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (before: number | null) => {
    setBusy(true);
    try {
      const page = await fetchAccessLog({ limit: PAGE_SIZE, before });
      setEntries((held) =>
        before === null || held === null ? page.entries : appendPage(held, page.entries),
      );
      setNext(page.next);
      setError(null);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }, []);

  // Fresh each time the tab is opened: new entries arrive whenever someone looks.
  useEffect(() => {
    if (active) void load(null);
  }, [active, load]);

  return (
    <section className="card access-log" aria-labelledby={`${id}-title`} data-testid="access-log">
      <div className="family-panel-head">
        <h2 id={`${id}-title`}>{t('family.accessLog.title')}</h2>
        <button
          type="button"
          disabled={busy}
          data-testid="access-log-refresh"
          onClick={() => void load(null)}
        >
          {t('family.accessLog.refresh')}
        </button>
      </div>
      <p className="muted small">{t('family.accessLog.intro')}</p>
      {entries === null && busy && <p className="muted">{t('family.common.loading')}</p>}
      {entries !== null && entries.length === 0 && (
        <p className="muted" data-testid="access-log-empty">
          {t('family.accessLog.none')}
        </p>
      )}
      {entries !== null && entries.length > 0 && (
        <ol className="plain-list access-log-list" data-testid="access-log-list">
          {entries.map((entry, index) => {
            const viewer = viewerPhrase(entry);
            const action = actionKey(entry.action);
            const via = viaKey(entry.via);
            return (
              <li
                key={`${entryKey(entry)}-${index}`}
                className="access-entry"
                data-testid="access-log-entry"
                data-action={entry.action}
                data-viewer-role={entry.viewer.role}
                data-viewer-name={entry.viewer.name ?? ''}
                data-on-behalf={entry.onBehalf}
              >
                <div className="access-entry-head">
                  <strong>{t(viewer.key, viewer.values)}</strong>
                  <time dateTime={entry.at} className="muted small">
                    {formatDateTime(entry.at, i18n.language)}
                  </time>
                </div>
                {entry.onBehalf ? (
                  // "○○さん(職員)があなたに代わって申請を提出 — 理由: …"
                  <div data-testid="access-log-on-behalf">
                    {t('family.accessLog.onBehalfLine', {
                      who: t(viewer.key, viewer.values),
                      action: action ? t(action) : entry.action,
                    })}
                    {entry.purpose && ` — ${t('family.accessLog.reason')}: ${entry.purpose}`}
                  </div>
                ) : (
                  <div>{action ? t(action) : entry.action}</div>
                )}
                {entry.purpose && !entry.onBehalf && (
                  <div className="small">
                    {t('family.accessLog.purpose')}: {entry.purpose}
                  </div>
                )}
                <div className="muted small">
                  {t('family.accessLog.via')}:{' '}
                  {via ? <span title={entry.via}>{t(via)}</span> : <code>{entry.via}</code>}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {error !== null && (
        <p className="form-error" role="alert" data-testid="access-log-error">
          {t(familyErrorKey(error))}
        </p>
      )}
      {next !== null && (
        <button
          type="button"
          className="wide-button"
          disabled={busy}
          data-testid="access-log-more"
          onClick={() => void load(next)}
        >
          {t('family.accessLog.more')}
        </button>
      )}
    </section>
  );
}
