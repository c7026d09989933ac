import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actingApi, sessionApplications, type ActingSession } from '../api/acting';
import { ApiError } from '../api/http';
import type { PersonSummary } from '../api/people';
import { ActingReportForm } from '../features/acting/ActingReportForm';
import { ActingSessionBar } from '../features/acting/ActingSessionBar';
import { ActingStartForm } from '../features/acting/ActingStartForm';
import { ApplicationsPanel } from '../features/relief/ApplicationsPanel';
import { fullName } from '../features/shelter/format';
import { CardLookup } from '../features/shelter/CardLookup';
import { PersonSearch } from '../features/shelter/PersonSearch';
import { errorMessageKey } from '../shared/errorMessages';
import '../styles/pages.css';
import '../styles/console.css';

/**
 * 代理で手続き: staff at a shelter or counter act for a person who asks them. Find the person,
 * record their consent and the reason, then report their safety, apply for them and record paper
 * originals, and end. The server keeps the session (it lasts ACTING_SESSION_MINUTES) and writes
 * every act to the person's access log.
 */
export function ActingPage() {
  const { t } = useTranslation();
  const [session, setSession] = useState<ActingSession | null>(null);
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    actingApi.current().then(
      (current) => setSession(current.session),
      (cause: unknown) => setError(cause),
    );
  }, []);

  // The session ends on the server when its time is up; the page follows on its own clock.
  useEffect(() => {
    if (!session) return undefined;
    const left = Date.parse(session.expiresAt) - Date.now();
    const timer = setTimeout(
      () => {
        setSession(null);
        setNotice(t('acting.expired'));
      },
      Math.max(0, left),
    );
    return () => clearTimeout(timer);
  }, [session, t]);

  const refused = useCallback(
    (cause: unknown) => {
      if (cause instanceof ApiError && cause.id === 'acting_session_required') {
        setSession(null);
        setNotice(t('acting.expired'));
      }
    },
    [t],
  );

  const applications = useMemo(() => (session ? sessionApplications(session.sessionId) : null), [session]);

  async function end() {
    if (!session) return;
    setBusy(true);
    try {
      await actingApi.end(session.sessionId);
      setNotice(t('acting.ended'));
    } catch (cause) {
      refused(cause);
    } finally {
      setSession(null);
      setPerson(null);
      setBusy(false);
    }
  }

  return (
    <div className="page acting-page" data-testid="acting-page">
      <section className="card">
        <h2>{t('acting.title')}</h2>
        <p className="muted">{t('acting.intro')}</p>
        {notice && (
          <p role="status" data-testid="acting-notice">
            {notice}
          </p>
        )}
        {error !== null && (
          <p className="form-error" role="alert">
            {t(errorMessageKey(error))}
          </p>
        )}
      </section>
      {session === null ? (
        <>
          <section className="card">
            <h3>{t('acting.find')}</h3>
            <h4>{t('acting.card.title')}</h4>
            <CardLookup defaultPurpose={t('acting.card.defaultPurpose')} onFound={setPerson} />
            <h4>{t('acting.card.byName')}</h4>
            <PersonSearch selectedId={person?.id ?? null} onSelect={setPerson} />
          </section>
          {person && (
            <ActingStartForm
              key={person.id}
              residentId={person.id}
              name={fullName(person)}
              onStarted={(started) => {
                setNotice(null);
                setSession(started);
              }}
            />
          )}
        </>
      ) : (
        <>
          <ActingSessionBar session={session} busy={busy} onEnd={() => void end()} />
          <ActingReportForm sessionId={session.sessionId} onRefused={refused} />
          <section aria-label={t('acting.applications')} data-testid="acting-applications">
            {applications && <ApplicationsPanel key={session.sessionId} applications={applications} />}
          </section>
        </>
      )}
    </div>
  );
}
