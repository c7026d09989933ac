import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { recordVisitOutcome, type MyVisitTask, type VisitOutcome } from '../../api/visits';
import { visitErrorKey } from './visitErrors';

const OUTCOMES: VisitOutcome[] = ['safe', 'needs_help', 'not_at_home'];

/** One person to visit: where, whether they need care, a phone, and the outcome to record. */
export function VisitCard({ task, onRecorded }: { task: MyVisitTask; onRecorded: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = task.status === 'assigned';

  const save = async () => {
    if (!outcome) return;
    setBusy(true);
    setError(null);
    try {
      await recordVisitOutcome(task.id, outcome, note);
      onRecorded();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      className="visit-card"
      data-testid="visit-item"
      data-task-id={task.id}
      data-status={task.status}
      data-closed-by={task.closedByEvent ?? ''}
    >
      <h2>{task.name}</h2>
      {task.headline && <p className="muted">{task.headline}</p>}
      <dl>
        <dt>{t('visits.page.address')}</dt>
        <dd>{task.address ?? t('visits.page.noAddress')}</dd>
        {task.phone && (
          <>
            <dt>{t('visits.page.phone')}</dt>
            <dd>
              <a href={`tel:${task.phone}`}>{task.phone}</a>
            </dd>
          </>
        )}
      </dl>
      {task.needsCare && <span className="warning-badge">{t('visits.page.needsCare')}</span>}
      {!open && (
        <p className="visit-closed" role="status" data-testid="visit-closed">
          {t('visits.page.closed', {
            reason: task.closedByEvent
              ? t(`visits.tasks.closedBy.${task.closedByEvent}`)
              : t(`visits.tasks.status.${task.status}`),
          })}
          {task.outcome && ` · ${t(`visits.tasks.outcome.${task.outcome}`)}`}
        </p>
      )}
      {open && (
        <div className="visit-outcome">
          <fieldset>
            <legend>{t('visits.page.outcome')}</legend>
            {OUTCOMES.map((choice) => (
              <label key={choice}>
                <input
                  type="radio"
                  name={`outcome-${task.id}`}
                  value={choice}
                  data-testid={`visit-outcome-${choice}`}
                  checked={outcome === choice}
                  onChange={() => setOutcome(choice)}
                />
                {t(`visits.tasks.outcome.${choice}`)}
              </label>
            ))}
          </fieldset>
          <label className="unreached-field">
            {t('visits.page.note')}
            <textarea
              maxLength={300}
              rows={2}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <button
            type="button"
            className="primary"
            data-testid="visit-save"
            disabled={busy || outcome === null}
            onClick={() => void save()}
          >
            {t('visits.page.save')}
          </button>
        </div>
      )}
      {error !== null && (
        <p className="warning-error" role="alert">
          {t(visitErrorKey(error))}
        </p>
      )}
    </li>
  );
}
