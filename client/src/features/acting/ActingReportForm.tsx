import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actingApi } from '../../api/acting';
import { SAFETY, type Safety } from '../../api/family';
import { errorMessageKey } from '../../shared/errorMessages';

/** The person's safety, reported for them in the acting session (their access log shows it). */
export function ActingReportForm({
  sessionId,
  onRefused,
}: {
  sessionId: string;
  onRefused: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [safety, setSafety] = useState<Safety>('safe');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<unknown>(null);

  async function report() {
    setState('busy');
    setError(null);
    try {
      await actingApi.report(sessionId, { safety });
      setState('done');
    } catch (cause) {
      setState('idle');
      setError(cause);
      onRefused(cause);
    }
  }

  return (
    <form
      className="card"
      data-testid="acting-report"
      onSubmit={(event) => {
        event.preventDefault();
        void report();
      }}
    >
      <h3>{t('acting.report')}</h3>
      <label htmlFor={`${id}-safety`}>{t('acting.safety')}</label>{' '}
      <select
        id={`${id}-safety`}
        value={safety}
        data-testid="acting-report-safety"
        onChange={(event) => setSafety(event.target.value as Safety)}
      >
        {SAFETY.map((value) => (
          <option key={value} value={value}>
            {t(`family.safety.${value}`)}
          </option>
        ))}
      </select>{' '}
      <button type="submit" disabled={state === 'busy'} data-testid="acting-report-submit">
        {t('acting.sendReport')}
      </button>
      {state === 'done' && (
        <p role="status" className="muted">
          {t('acting.reported')}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {t(errorMessageKey(error))}
        </p>
      )}
    </form>
  );
}
