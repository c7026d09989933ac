import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  cancelLetterBatch,
  createLetterBatch,
  fetchLetterBatches,
  letterFileUrl,
  type LetterBatch,
} from '../../api/letters';
import { enrolmentErrorKey } from '../../shared/enrolmentErrors';
import { municipalityName } from '../../shared/municipalities';
import { TargetingFields } from '../../shared/targeting/TargetingFields';
import { emptyTargeting, toTargeting, type TargetingDraft } from '../../shared/targeting/targetingDraft';
import { targetingSummary } from './letterTargeting';

/** While a batch is waiting or running, its progress is read again this often. */
const POLL_MS = 2000;

const isLive = (batch: LetterBatch) => batch.status === 'pending' || batch.status === 'running';

/**
 * HQ: enrolment letters for a selection of the registry (municipalities and/or an area drawn on
 * the map, narrowed by age, household, whereabouts or house damage), one per household or per
 * adult. Shows each batch's progress while it runs, and its PDF and CSV when done.
 */
export function LetterBatches() {
  const { t } = useTranslation();
  const [batches, setBatches] = useState<LetterBatch[]>([]);
  const [selection, setSelection] = useState<TargetingDraft>(emptyTargeting);
  const [per, setPer] = useState<'household' | 'person'>('household');
  const [replaceOpenCodes, setReplaceOpenCodes] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setBatches(await fetchLetterBatches());
    } catch (error) {
      setNotice(t(enrolmentErrorKey(error)));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const running = batches.some(isLive);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const targeting = toTargeting(selection);
  // Letters go out by place: a municipality or a drawn area first, never the whole registry by accident.
  const placed = selection.municipalityCodes.length > 0 || selection.polygon.length >= 3;

  async function create() {
    if (typeof targeting === 'string') return;
    setBusy(true);
    setNotice(null);
    try {
      const batch = await createLetterBatch({ per, replaceOpenCodes, targeting });
      if (batch.existing) setNotice(t('enrolment.letters.existing'));
      await refresh();
    } catch (error) {
      setNotice(t(enrolmentErrorKey(error)));
    } finally {
      setBusy(false);
    }
  }

  async function cancel(batchId: string) {
    try {
      await cancelLetterBatch(batchId);
      await refresh();
    } catch (error) {
      setNotice(t(enrolmentErrorKey(error)));
    }
  }

  return (
    <section className="card no-print" data-testid="enrolment-letters">
      <h2>{t('enrolment.letters.title')}</h2>
      <p className="muted">{t('enrolment.letters.intro')}</p>
      <div className="letters-form">
        <TargetingFields
          draft={selection}
          testIdPrefix="letters"
          onChange={(patch) => setSelection((current) => ({ ...current, ...patch }))}
        />
        <label>
          {t('enrolment.letters.per')}{' '}
          <select
            value={per}
            data-testid="letters-per"
            onChange={(event) => setPer(event.target.value as 'household' | 'person')}
          >
            <option value="household">{t('enrolment.letters.perHousehold')}</option>
            <option value="person">{t('enrolment.letters.perPerson')}</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={replaceOpenCodes}
            data-testid="letters-replace-open-codes"
            onChange={(event) => setReplaceOpenCodes(event.target.checked)}
          />
          {t('enrolment.letters.replaceOpenCodes')}
        </label>
        {typeof targeting === 'string' && (
          <p className="form-error" role="alert">
            {t(targeting)}
          </p>
        )}
        {!placed && <p className="muted">{t('enrolment.letters.choosePlace')}</p>}
        <button
          type="button"
          disabled={busy || !placed || typeof targeting === 'string'}
          data-testid="letters-create"
          onClick={() => void create()}
        >
          {t('enrolment.letters.create')}
        </button>
      </div>
      {notice && (
        <p role="status" className="muted" data-testid="letters-notice">
          {notice}
        </p>
      )}
      <ul className="letter-batches">
        {batches.map((batch) => (
          <li
            key={batch.id}
            data-testid="letter-batch"
            data-batch-id={batch.id}
            data-status={batch.status}
            data-letters-done={batch.lettersDone}
            data-letters-total={batch.lettersTotal}
          >
            <strong data-testid="letter-batch-selection">
              {targetingSummary(batch.targeting, t, municipalityName)}
            </strong>{' '}
            {t(`enrolment.letters.status.${batch.status}`)}{' '}
            <progress max={Math.max(batch.lettersTotal, 1)} value={batch.lettersDone} />{' '}
            {t('enrolment.letters.progress', {
              done: batch.lettersDone,
              total: batch.lettersTotal,
              codes: batch.codesIssued,
              skipped: batch.peopleSkipped,
            })}
            {batch.status === 'done' && (
              <>
                {' '}
                <a href={letterFileUrl(batch.id, 'pdf')} download data-testid="letter-batch-pdf">
                  PDF
                </a>{' '}
                <a href={letterFileUrl(batch.id, 'csv')} download data-testid="letter-batch-csv">
                  CSV
                </a>
              </>
            )}
            {isLive(batch) && (
              <button type="button" onClick={() => void cancel(batch.id)}>
                {t('enrolment.letters.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
