import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import {
  fetchEnrolmentStatus,
  issueCode,
  revokeCode,
  type EnrolmentStatus,
  type IssuedCode,
} from '../../api/enrolment';
import type { PersonSummary } from '../../api/people';
import { fullName } from '../shelter/format';
import { PersonSearch } from '../shelter/PersonSearch';
import { useShelters } from '../shelters/useShelters';
import { enrolmentErrorKey } from './enrolmentErrors';
import { IssuedCodeSlip } from './IssuedCodeSlip';
import '../../styles/pages.css';
import '../../styles/console.css';
import '../../styles/enrolment.css';

/**
 * Staff at a shelter or counter, and HQ, give a registry person an enrolment code: find them, check
 * their birth date with them, issue, and show or print the code with its QR code.
 */
export function IssueCodesPage({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [shelters] = useShelters();
  const isStaff = user.role === 'shelter_staff';
  const [shelterId, setShelterId] = useState<string | null>(isStaff ? (user.shelterIds[0] ?? null) : null);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const nameOf = (id: string) => (shelters.status === 'ready' ? (shelters.store.get(id)?.name ?? id) : id);

  return (
    <div className="page enrolment-issue-page" data-testid="enrolment-issue-page">
      <section className="card no-print">
        <h2>{t('enrolment.issue.title')}</h2>
        <p className="muted">{t('enrolment.issue.intro')}</p>
        {isStaff && user.shelterIds.length > 1 && (
          <label>
            {t('enrolment.issue.shelter')}{' '}
            <select
              value={shelterId ?? ''}
              data-testid="enrolment-shelter"
              onChange={(event) => setShelterId(event.target.value)}
            >
              {user.shelterIds.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </label>
        )}
        {isStaff && user.shelterIds.length === 1 && shelterId && (
          <p className="muted">{`${t('enrolment.issue.shelter')}: ${nameOf(shelterId)}`}</p>
        )}
        <PersonSearch selectedId={person?.id ?? null} onSelect={setPerson} />
      </section>
      {person && <PersonEnrolment key={person.id} person={person} shelterId={shelterId} />}
    </div>
  );
}

function PersonEnrolment({ person, shelterId }: { person: PersonSummary; shelterId: string | null }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<EnrolmentStatus | null>(null);
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchEnrolmentStatus(person.id, shelterId).then(
      (next) => !controller.signal.aborted && setStatus(next),
      (error: unknown) => !controller.signal.aborted && setErrorKey(enrolmentErrorKey(error)),
    );
    return () => controller.abort();
  }, [person.id, shelterId, version]);

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
        <h3>{fullName(person)}</h3>
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
                setIssued(await issueCode(person.id, shelterId));
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
