import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelPostBatch, createPostBatch, postFileUrl, type PostBatch } from '../../api/post';
import type { AppSocket } from '../../api/socket';
import { postErrorKey } from './postErrors';
import { usePostLetters } from './usePostLetters';
import '../../styles/post.css';

const isLive = (batch: PostBatch) => batch.status === 'pending' || batch.status === 'running';
const DEFAULT_UNREAD_MINUTES = 30;

/**
 * HQ's "letters for post or hand delivery" for one active warning: how many people no channel
 * reaches (no account, an account without push), a button that makes the batch (one letter per
 * household, PDF and CSV), its live progress and the downloads. Counts only on screen: the names
 * and addresses are in the files, and each download is in the access log.
 */
export function PostLettersSection({ socket }: { socket: AppSocket | null }) {
  const { t, i18n } = useTranslation();
  const [includeUnread, setIncludeUnread] = useState(false);
  const [minutes, setMinutes] = useState(DEFAULT_UNREAD_MINUTES);
  const state = usePostLetters(socket, includeUnread ? minutes : null);
  const { alerts, alertId, reach, batches } = state;
  const [busy, setBusy] = useState(false);
  const [existing, setExisting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const format = (n: number) => n.toLocaleString(i18n.resolvedLanguage);

  useEffect(() => {
    setExisting(false);
    setConfirming(false);
    setError(null);
  }, [alertId]);

  const create = async (confirm: boolean) => {
    if (!alertId) return;
    setBusy(true);
    setError(null);
    try {
      const batch = await createPostBatch({
        alertId,
        confirm,
        ...(includeUnread ? { unreadAfterMinutes: minutes } : {}),
      });
      state.upsert(batch);
      setExisting(batch.existing);
      setConfirming(false);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async (batchId: string) => {
    setError(null);
    try {
      state.upsert(await cancelPostBatch(batchId));
    } catch (caught) {
      setError(caught);
    }
  };

  const noChannel = reach ? reach.noAccount + reach.accountWithoutPush + reach.readAlready : 0;

  return (
    <section
      className="warning-section post-letters"
      aria-labelledby="post-letters-title"
      data-testid="post-letters"
      data-alert-id={alertId ?? ''}
    >
      <h2 id="post-letters-title">
        {t('post.title')}{' '}
        <span className="warning-count" data-testid="post-no-channel" data-value={noChannel}>
          {format(noChannel)}
        </span>
      </h2>
      <p className="warning-help">{t('post.intro')}</p>
      {alerts.length === 0 ? (
        <p className="muted">{t('post.noWarning')}</p>
      ) : (
        <label className="post-field">
          {t('post.warning')}
          <select
            data-testid="post-alert"
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
      {reach && (
        <dl className="post-reach" data-testid="post-reach">
          <div>
            <dt>{t('post.noChannel')}</dt>
            <dd>{format(noChannel)}</dd>
          </div>
          <div className="is-detail">
            <dt>{t('post.noAccount')}</dt>
            <dd data-testid="post-no-account">{format(reach.noAccount)}</dd>
          </div>
          <div className="is-detail">
            <dt>{t('post.accountWithoutPush')}</dt>
            <dd data-testid="post-account-without-push">{format(reach.accountWithoutPush)}</dd>
          </div>
          <div className="is-detail">
            <dt>{t('post.readAlready')}</dt>
            <dd>{format(reach.readAlready)}</dd>
          </div>
          <div>
            <dt>{t('post.withChannel')}</dt>
            <dd>{format(reach.withChannel)}</dd>
          </div>
          {includeUnread && (
            <div className="is-detail">
              <dt>{t('post.unreadWithChannel')}</dt>
              <dd>{format(reach.unreadWithChannel)}</dd>
            </div>
          )}
          {reach.withoutAddress > 0 && (
            <div>
              <dt>{t('post.withoutAddress')}</dt>
              <dd>{format(reach.withoutAddress)}</dd>
            </div>
          )}
        </dl>
      )}
      <label className="post-toggle">
        <input
          type="checkbox"
          data-testid="post-include-unread"
          checked={includeUnread}
          onChange={(event) => setIncludeUnread(event.target.checked)}
        />
        {t('post.includeUnread')}
        <input
          type="number"
          className="post-minutes"
          min={0}
          max={10080}
          value={minutes}
          disabled={!includeUnread}
          aria-label={t('post.minutes')}
          onChange={(event) => setMinutes(Math.max(0, Math.min(10080, Number(event.target.value) || 0)))}
        />
        {t('post.minutes')}
      </label>
      <div className="warning-row">
        <button
          type="button"
          className="primary"
          data-testid="post-create"
          disabled={busy || !alertId || !reach || reach.people === 0}
          onClick={() => void create(false)}
        >
          {busy ? t('post.creating') : t('post.create')}
        </button>
        {reach && (
          <span className="muted" data-testid="post-letter-count">
            {t('post.letters', { count: reach.letters, people: format(reach.people) })}
          </span>
        )}
      </div>
      {existing && !confirming && (
        <p className="warning-notice" role="status" data-testid="post-existing">
          {t('post.existing')}{' '}
          <button type="button" data-testid="post-another" onClick={() => setConfirming(true)}>
            {t('post.another')}
          </button>
        </p>
      )}
      {confirming && (
        <div className="warning-confirm" role="group" aria-label={t('post.confirmAnother')}>
          <p>{t('post.confirmAnother')}</p>
          <div className="warning-row">
            <button
              type="button"
              className="primary"
              data-testid="post-another-confirm"
              disabled={busy}
              onClick={() => void create(true)}
            >
              {t('post.confirmYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('post.confirmNo')}
            </button>
          </div>
        </div>
      )}
      {(error !== null || state.failed !== null) && (
        <p className="warning-error" role="alert">
          {t(postErrorKey(error ?? state.failed))}
        </p>
      )}
      <h3 className="post-batches-title">{t('post.batches')}</h3>
      {batches.length === 0 && <p className="muted">{t('post.noBatches')}</p>}
      <ul className="post-batches">
        {batches.map((batch) => (
          <li key={batch.id} data-testid="post-batch" data-batch-id={batch.id} data-status={batch.status}>
            <span className={`post-status is-${batch.status}`}>{t(`post.status.${batch.status}`)}</span>
            {batch.additional && <span className="warning-badge">{t('post.additional')}</span>}
            <progress max={Math.max(batch.lettersTotal, 1)} value={batch.lettersDone} />
            <span data-testid="post-batch-progress">
              {t('post.progress', { done: format(batch.lettersDone), total: format(batch.lettersTotal) })}
            </span>
            {batch.status === 'done' && (
              <>
                <a href={postFileUrl(batch.id, 'pdf')} download data-testid="post-download-pdf">
                  PDF
                </a>
                <a href={postFileUrl(batch.id, 'csv')} download data-testid="post-download-csv">
                  CSV
                </a>
              </>
            )}
            {(isLive(batch) || batch.status === 'done') && (
              <button type="button" data-testid="post-batch-cancel" onClick={() => void cancel(batch.id)}>
                {isLive(batch) ? t('post.cancel') : t('post.delete')}
              </button>
            )}
            {batch.errorId && <span className="warning-error">{t(postErrorKey(batch.errorId))}</span>}
          </li>
        ))}
      </ul>
      {batches.some((batch) => batch.status === 'done') && <p className="muted">{t('post.filesNote')}</p>}
    </section>
  );
}
