import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actingApi, CONSENT_KINDS, type ActingSession, type ConsentKind } from '../../api/acting';
import { errorMessageKey } from '../../shared/errorMessages';

/**
 * Before acting for someone: how they consented, why (shown in their access log with every act),
 * and the staff member's word that they checked who the person is.
 */
export function ActingStartForm({
  residentId,
  name,
  onStarted,
}: {
  residentId: string;
  name: string;
  onStarted: (session: ActingSession) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [consent, setConsent] = useState<ConsentKind>('in_person');
  const [reason, setReason] = useState(() => t('acting.reasonDefault'));
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      onStarted(await actingApi.start({ residentId, consent, reason: reason.trim() }));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="card form-grid"
      data-testid="acting-start"
      onSubmit={(event) => {
        event.preventDefault();
        void start();
      }}
    >
      <h3 className="span-2">{t('acting.person', { name })}</h3>
      <fieldset className="span-2">
        <legend>{t('acting.consent')}</legend>
        {CONSENT_KINDS.map((kind) => (
          <label key={kind} className="block">
            <input
              type="radio"
              name={`${id}-consent`}
              value={kind}
              checked={consent === kind}
              data-testid={`acting-consent-${kind}`}
              onChange={() => setConsent(kind)}
            />{' '}
            {t(`acting.consentKind.${kind}`)}
          </label>
        ))}
      </fieldset>
      <div className="field span-2">
        <label htmlFor={`${id}-reason`}>{t('acting.reason')}</label>
        <input
          id={`${id}-reason`}
          required
          maxLength={200}
          value={reason}
          data-testid="acting-reason"
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <label className="span-2">
        <input
          type="checkbox"
          checked={checked}
          data-testid="acting-identity-checked"
          onChange={(event) => setChecked(event.target.checked)}
        />{' '}
        {t('acting.identityChecked')}
      </label>
      <div className="span-2">
        <button
          type="submit"
          className="primary"
          disabled={busy || !checked || reason.trim() === ''}
          data-testid="acting-start-submit"
        >
          {busy ? t('acting.starting') : t('acting.start')}
        </button>
      </div>
      {error !== null && (
        <p className="form-error span-2" role="alert" data-testid="acting-error">
          {t(errorMessageKey(error))}
        </p>
      )}
    </form>
  );
}
