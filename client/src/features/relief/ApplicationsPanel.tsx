import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ownApplications,
  reliefApi,
  type ApplicationDetail,
  type ApplicationsApi,
  type ApplicationSummary,
  type HouseholdApplication,
  type Programme,
} from '../../api/relief';
import { ApplicationView } from './ApplicationView';
import { errorKey, local } from './reliefModel';
import { useApplicationUpdates } from './useApplicationUpdates';
import '../../styles/relief.css';

/**
 * The resident portal's "Applications": the catalogue, my applications, and one opened. Staff or
 * a designee acting for the person (代理) get the same panel with `applications` of that person.
 */
export function ApplicationsPanel({ applications = ownApplications }: { applications?: ApplicationsApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const [programmes, setProgrammes] = useState<Programme[]>([]);
  const [mine, setMine] = useState<ApplicationSummary[] | null>(null);
  const [household, setHousehold] = useState<HouseholdApplication[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [open, setOpen] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    applications.mine().then(
      (page) => setMine(page.applications),
      (caught: unknown) => setError(t(errorKey(caught))),
    );
    // What the rest of the household applied for, so no one starts the same thing twice.
    if (!applications.own) return;
    reliefApi.household().then(
      (page) => setHousehold(page.applications),
      () => setHousehold([]),
    );
  }, [t, applications]);

  const reloadOpen = useCallback(() => {
    if (!openId) return;
    applications.get(openId).then(setOpen, (caught: unknown) => setError(t(errorKey(caught))));
  }, [openId, t, applications]);

  useEffect(() => {
    reliefApi.programmes().then(
      (page) => setProgrammes(page.programmes),
      (caught: unknown) => setError(t(errorKey(caught))),
    );
    reload();
  }, [reload, t]);

  useEffect(() => {
    setOpen(null);
    reloadOpen();
  }, [reloadOpen]);

  useApplicationUpdates(applications.own, (event) => {
    reload();
    if (event === null || event.applicationId === openId) reloadOpen();
  });

  async function start(code: string) {
    setError(null);
    try {
      const created = await applications.create(code);
      reload();
      setOpenId(created.id);
    } catch (caught) {
      setError(t(errorKey(caught)));
    }
  }

  const name = (code: string) => {
    const programme = programmes.find((p) => p.code === code);
    return programme ? local(programme.name, lang) : code;
  };

  if (openId) {
    return open ? (
      <ApplicationView
        key={open.id}
        application={open}
        applications={applications}
        onChanged={() => {
          reloadOpen();
          reload();
        }}
        onBack={() => setOpenId(null)}
      />
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }

  return (
    <div className="relief-panel" data-testid="relief-panel">
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="relief-mine-title">
        <h2 id="relief-mine-title">{t('relief.mine')}</h2>
        {mine === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : mine.length === 0 ? (
          <p className="muted">{t('relief.none')}</p>
        ) : (
          <ul className="relief-list" data-testid="relief-mine">
            {mine.map((application) => (
              <li key={application.id}>
                <button
                  type="button"
                  onClick={() => setOpenId(application.id)}
                  data-testid="relief-open"
                  data-state={application.state}
                >
                  <span>{name(application.programmeCode)}</span>
                  <span className={`relief-state state-${application.state}`}>
                    {t(`relief.state.${application.state}`)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {household.length > 0 && (
        <section className="card" aria-labelledby="relief-household-title">
          <h2 id="relief-household-title">{t('relief.household')}</h2>
          <ul className="relief-list" data-testid="relief-household">
            {household.map((application) => (
              <li key={application.id}>
                <span>
                  {application.applicant.name}: {name(application.programmeCode)}
                </span>{' '}
                <span className={`relief-state state-${application.state}`}>
                  {t(`relief.state.${application.state}`)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="relief-catalogue-title">
        <h2 id="relief-catalogue-title">{t('relief.catalogue')}</h2>
        <ul className="relief-catalogue">
          {programmes.map((programme) => (
            <li key={programme.code} data-testid={`relief-programme-${programme.code}`}>
              <h3>{local(programme.name, lang)}</h3>
              <p className="muted">{local(programme.summary, lang)}</p>
              {programme.onePerHousehold && <small className="muted">{t('relief.onePerHousehold')}</small>}
              <button
                type="button"
                onClick={() => void start(programme.code)}
                data-testid={`relief-start-${programme.code}`}
              >
                {t('relief.start')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
