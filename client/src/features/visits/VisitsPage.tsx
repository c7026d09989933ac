import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectSocket } from '../../api/socket';
import { fetchMyVisitTasks, routeListUrl, type MyVisitTask } from '../../api/visits';
import { visitErrorKey } from './visitErrors';
import { VisitCard } from './VisitCard';
import '../../styles/visits.css';

/**
 * The visit list of whoever HQ sends (community supporters, shelter staff, HQ operators): the
 * people to visit with only what a visit needs, the outcome to record, and the route sheet to
 * print. Updated live when a task is assigned or closes by itself (a tap, a report, an answer).
 */
export function VisitsPage() {
  const { t } = useTranslation();
  const [tasks, setTasks] = useState<MyVisitTask[] | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const [start, setStart] = useState<{ lat: number; lon: number } | null>(null);

  const load = useCallback(() => {
    fetchMyVisitTasks().then(
      (list) => {
        setTasks(list);
        setFailed(null);
      },
      (error: unknown) => setFailed(error),
    );
  }, []);

  useEffect(() => {
    load();
    const socket = connectSocket();
    socket.on('visit:task', load);
    socket.on('connect', load);
    return () => {
      socket.disconnect();
    };
  }, [load]);

  const fromHere = () =>
    navigator.geolocation?.getCurrentPosition(
      (position) => setStart({ lat: position.coords.latitude, lon: position.coords.longitude }),
      () => setStart(null),
      { maximumAge: 60_000, timeout: 10_000 },
    );

  const open = (tasks ?? []).filter((task) => task.status === 'assigned');
  return (
    <section className="visits-page" data-testid="visits-page" aria-labelledby="visits-title">
      <h1 id="visits-title">{t('visits.page.title')}</h1>
      <p>{t('visits.page.intro')}</p>
      <div className="warning-row">
        <a
          className="button primary"
          data-testid="visits-print"
          href={routeListUrl(start)}
          target="_blank"
          rel="noopener"
          aria-disabled={open.length === 0}
        >
          {t('visits.page.print')}
        </a>
        <button type="button" onClick={fromHere} data-testid="visits-from-here">
          {t('visits.page.fromHere')}
        </button>
      </div>
      {start && <p className="muted">{t('visits.page.fromHereSet')}</p>}
      {failed !== null && (
        <p className="warning-error" role="alert">
          {t('visits.page.loadFailed')} {t(visitErrorKey(failed))}
        </p>
      )}
      {tasks !== null && tasks.length === 0 && <p className="muted">{t('visits.page.empty')}</p>}
      <ul className="visit-list" data-testid="visit-list" data-open={open.length}>
        {(tasks ?? []).map((task) => (
          <VisitCard key={task.id} task={task} onRecorded={load} />
        ))}
      </ul>
    </section>
  );
}
