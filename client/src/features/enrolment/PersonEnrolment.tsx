import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchEnrolmentStatus,
  issueCode,
  revokeCode,
  type EnrolmentStatus,
  type IssuedCode,
} from '../../api/enrolment';
import { enrolmentErrorKey } from '../../shared/enrolmentErrors';
import { IssuedCodeSlip } from './IssuedCodeSlip';

/** One person's account status, and issuing (or revoking) their enrolment code with its slip. */
export function PersonEnrolment({
  residentId,
  name,
  shelterId,
}: {
  residentId: string;
  name: string;
  shelterId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<EnrolmentStatus | null>(null);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchEnrolmentStatus(residentId, shelterId).then(
      (next) => !controller.signal.aborted && setStatus(next),
      (error: unknown) => !controller.signal.aborted && setErrorKey(enrolmentErrorKey(error)),
    );
    return () => controller.abort();
  }, [residentId, shelterId, version]);

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setErrorKey(null);
    setRevoked(false);
    try {
      await work();
    } catch (error) {
      setErrorKey(enrolmentErrorKey(error));
    } finally {
      setBusy(false);
    }
  }

  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.resolvedLanguage);
  return (
    <section className="card" data-testid="enrolment-person" data-enrolled={status?.enrolled ?? ''}>
      <div className="no-print">
        <h3>{name}</h3>
        {status && (
          <p className="muted" data-testid="enrolment-status">
            {t(status.enrolled ? 'enrolment.issue.enrolled' : 'enrolment.issue.notEnrolled')}
            {status.openCode &&
              ` ${t('enrolment.issue.openCode', { date: date(status.openCode.expiresAt) })}`}
          </p>
        )}
        <div className="button-row">
          <button
            type="button"
            className="primary"
            data-testid="enrolment-issue"
            disabled={busy || status === null}
            onClick={() =>
              void act(async () => {
                setIssued(await issueCode(residentId, shelterId));
                setVersion((n) => n + 1);
              })
            }
          >
            {t(status?.enrolled ? 'enrolment.issue.issueRecovery' : 'enrolment.issue.issue')}
          </button>
          {status?.openCode && !issued && (
            <button
              type="button"
              data-testid="enrolment-revoke"
              disabled={busy}
              onClick={() =>
                void act(async () => {
                  await revokeCode(status.openCode!.id, shelterId);
                  setRevoked(true);
                  setVersion((n) => n + 1);
                })
              }
            >
              {t('enrolment.issue.revoke')}
            </button>
          )}
        </div>
        {revoked && <p role="status">{t('enrolment.issue.revoked')}</p>}
        {errorKey && (
          <p className="form-error" role="alert" data-testid="enrolment-error" data-error-key={errorKey}>
            {t(errorKey)}
          </p>
        )}
      </div>
      {issued && <IssuedCodeSlip issued={issued} />}
    </section>
  );
}
