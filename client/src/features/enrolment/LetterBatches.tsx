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
import { MUNICIPALITIES, municipalityName } from '../../shared/municipalities';

/** While a batch is waiting or running, its progress is read again this often. */
const POLL_MS = 2000;

const isLive = (batch: LetterBatch) => batch.status === 'pending' || batch.status === 'running';

/**
 * HQ: enrolment letters for a municipality (optionally only people evacuated outside it), one per
 * household or per adult. Shows each batch's progress while it runs, and its PDF and CSV when done.
 */
export function LetterBatches() {
  const { t } = useTranslation();
  const [batches, setBatches] = useState<LetterBatch[]>([]);
  const [municipality, setMunicipality] = useState(MUNICIPALITIES[0]?.code ?? '');
  const [per, setPer] = useState<'household' | 'person'>('household');
  const [evacuatedOutside, setEvacuatedOutside] = useState(false);
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

  async function create() {
    setBusy(true);
    setNotice(null);
    try {
      const batch = await createLetterBatch({
        per,
        replaceOpenCodes,
        targeting: {
          municipalityCodes: [municipality],
          ...(evacuatedOutside ? { whereabouts: ['evacuated_outside' as const] } : {}),
        },
      });
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
        <label>
          {t('enrolment.letters.municipality')}{' '}
          <select
            value={municipality}
            data-testid="letters-municipality"
            onChange={(event) => setMunicipality(event.target.value)}
          >
            {MUNICIPALITIES.map(({ code, name }) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
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
            checked={evacuatedOutside}
            onChange={(event) => setEvacuatedOutside(event.target.checked)}
          />
          {t('enrolment.letters.evacuatedOutside')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={replaceOpenCodes}
            onChange={(event) => setReplaceOpenCodes(event.target.checked)}
          />
          {t('enrolment.letters.replaceOpenCodes')}
        </label>
        <button type="button" disabled={busy} data-testid="letters-create" onClick={() => void create()}>
          {t('enrolment.letters.create')}
        </button>
      </div>
      {notice && (
        <p role="status" className="muted">
          {notice}
        </p>
      )}
      <ul className="letter-batches">
        {batches.map((batch) => (
          <li key={batch.id} data-testid="letter-batch">
            <strong>{municipalityName(batch.targeting.municipalityCodes?.[0] ?? '')}</strong>{' '}
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
                <a href={letterFileUrl(batch.id, 'pdf')} download>
                  PDF
                </a>{' '}
                <a href={letterFileUrl(batch.id, 'csv')} download>
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
