import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  reliefApi,
  type ApplicationDetail,
  type ApplicationState,
  type Programme,
  type QueueEntry,
  type QueueFilter,
} from '../../api/relief';
import { formatTime } from '../../shared/time';
import { errorKey, local } from './reliefModel';
import { ReviewDetail } from './ReviewDetail';
import { useApplicationUpdates } from './useApplicationUpdates';
import '../../styles/relief.css';

const STATES: ApplicationState[] = [
  'submitted',
  'resubmitted',
  'under_review',
  'correction_requested',
  'approved',
  'rejected',
  'issued',
  'paid',
];

/** Staff: applications waiting in the programmes they review, filtered; one opened beside. */
export function ReviewQueuePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [filter, setFilter] = useState<QueueFilter>({});
  const [entries, setEntries] = useState<QueueEntry[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [open, setOpen] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    reliefApi.queue(filter).then(
      (page) => setEntries(page.entries),
      (caught: unknown) => setError(t(errorKey(caught))),
    );
  }, [filter, t]);

  const reloadOpen = useCallback(() => {
    if (!openId) return;
    reliefApi.review(openId).then(setOpen, (caught: unknown) => setError(t(errorKey(caught))));
  }, [openId, t]);

  useEffect(() => {
    reliefApi.programmes().then(
      (page) => setProgrammes(page.programmes),
      () => undefined,
    );
  }, []);
  useEffect(reload, [reload]);
  useEffect(reloadOpen, [reloadOpen]);

  // The queue follows live; an opened application is refetched only by the reviewer's own action,
  // so every read of it stays a deliberate (logged) one.
  useApplicationUpdates(true, () => reload());

  const update = (patch: Partial<QueueFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const name = (code: string) => {
    const programme = programmes.find((p) => p.code === code);
    return programme ? local(programme.name, lang) : code;
  };

  return (
    <div className="page relief-review" data-testid="review-page">
      <div>
        <h1 className="page-title">{t('relief.review.title')}</h1>
        <fieldset className="card relief-review-filters">
          <legend>{t('relief.review.filters')}</legend>
          <label>
            {t('relief.review.programme')}
            <select
              value={filter.programme ?? ''}
              onChange={(e) => update({ programme: e.target.value || undefined })}
            >
              <option value="">{t('relief.review.all')}</option>
              {programmes.map((p) => (
                <option key={p.code} value={p.code}>
                  {local(p.name, lang)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('relief.review.state')}
            <select
              value={filter.state ?? ''}
              onChange={(e) =>
                update({ state: (e.target.value || undefined) as ApplicationState | undefined })
              }
            >
              <option value="">{t('relief.review.waiting')}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`relief.state.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('relief.review.municipality')}
            <input
              inputMode="numeric"
              pattern="[0-9]{5}"
              maxLength={5}
              value={filter.municipality ?? ''}
              onChange={(e) =>
                update({ municipality: /^[0-9]{5}$/.test(e.target.value) ? e.target.value : undefined })
              }
            />
          </label>
          <label>
            {t('relief.review.minAge')}
            <input
              type="number"
              min={0}
              value={filter.minAgeHours ?? ''}
              onChange={(e) =>
                update({ minAgeHours: e.target.value === '' ? undefined : Number(e.target.value) })
              }
            />
          </label>
        </fieldset>
        {error && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        {entries === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : entries.length === 0 ? (
          <p className="muted">{t('relief.review.empty')}</p>
        ) : (
          <ul className="relief-queue" data-testid="review-queue">
            {entries.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  onClick={() => setOpenId(entry.id)}
                  aria-pressed={entry.id === openId}
                  data-testid="review-open"
                  data-id={entry.id}
                >
                  <span>
                    <strong>{entry.applicantName}</strong>
                    <br />
                    <small>{name(entry.programmeCode)}</small>
                  </span>
                  <span>
                    <span className={`relief-state state-${entry.state}`}>
                      {t(`relief.state.${entry.state}`)}
                    </span>
                    <br />
                    <small className="muted">
                      {entry.submittedAt &&
                        t('relief.review.submittedAt', { time: formatTime(entry.submittedAt, lang) })}{' '}
                      · {t('relief.review.attachmentsCount', { count: entry.attachmentCount })}
                    </small>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {open && (
        <ReviewDetail
          key={open.id}
          application={open}
          onDecided={() => {
            reloadOpen();
            reload();
          }}
        />
      )}
    </div>
  );
}
