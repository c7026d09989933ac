import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { actingApi, designeeApplications, type ActingForPerson, type InboxPage } from '../../api/acting';
import type { ApplicationsApi } from '../../api/relief';
import { errorMessageKey } from '../../shared/errorMessages';

/**
 * People who allowed me, their designee, to act for them: their notices, and their applications
 * (the page hands in the applications panel). Every look and act is in that person's access log.
 */
export function ActingForSection({
  renderApplications,
}: {
  renderApplications: (applications: ApplicationsApi) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [people, setPeople] = useState<ActingForPerson[]>([]);
  const [chosen, setChosen] = useState<ActingForPerson | null>(null);
  const [notices, setNotices] = useState<InboxPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    actingApi.actingFor().then(
      (list) => setPeople(list.people),
      () => setPeople([]),
    );
  }, []);

  const applications = useMemo(() => (chosen ? designeeApplications(chosen.residentId) : null), [chosen]);

  async function choose(person: ActingForPerson) {
    setChosen(person);
    setNotices(null);
    setError(null);
    try {
      setNotices(await actingApi.notices(person.residentId));
    } catch (cause) {
      setError(cause);
    }
  }

  if (people.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="acting-for">
      <h2 id={`${id}-title`}>{t('acting.designee.title')}</h2>
      <p className="muted small">{t('acting.designee.intro')}</p>
      <ul className="plain-list">
        {people.map((person) => (
          <li key={person.residentId}>
            <button
              type="button"
              aria-pressed={chosen?.residentId === person.residentId}
              data-testid="acting-for-person"
              onClick={() => void choose(person)}
            >
              {t('acting.designee.actFor', { name: `${person.familyName} ${person.givenName}` })}
            </button>
          </li>
        ))}
      </ul>
      {error !== null && (
        <p className="form-error" role="alert">
          {t(errorMessageKey(error))}
        </p>
      )}
      {chosen && notices && (
        <div data-testid="acting-for-notices">
          <h3>{t('acting.designee.notices')}</h3>
          {notices.entries.length === 0 ? (
            <p className="muted">{t('acting.designee.noNotices')}</p>
          ) : (
            <ul>
              {notices.entries.map((entry) => (
                <li key={entry.position}>{entry.notice?.title ?? entry.alert?.headline ?? entry.kind}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {chosen && applications && (
        <div key={chosen.residentId} data-testid="acting-for-applications">
          {renderApplications(applications)}
        </div>
      )}
    </section>
  );
}
