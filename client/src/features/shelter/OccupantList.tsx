import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOccupants, type Occupant } from '../../api/console';
import { ageOn, formatTapTime, fullKana, fullName } from './format';
import { FormError } from './FormError';

const SEARCH_DELAY_MS = 300;

interface OccupantListProps {
  shelterId: string;
  rosterVersion: number;
  onManage: (occupant: Occupant) => void;
  onManualCheckin: () => void;
  onWalkIn: () => void;
}

type ListState =
  | { status: 'loading' }
  | { status: 'failed'; error: unknown }
  | { status: 'ready'; total: number; occupants: Occupant[] };

/** Who is inside now, searchable by name in any script; reloads whenever the roster changes. */
export function OccupantList({
  shelterId,
  rosterVersion,
  onManage,
  onManualCheckin,
  onWalkIn,
}: OccupantListProps) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const now = new Date();

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(q), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    const controller = new AbortController();
    fetchOccupants(shelterId, query, controller.signal).then(
      ({ total, occupants }) => setState({ status: 'ready', total, occupants }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => controller.abort();
  }, [shelterId, query, rosterVersion]);

  return (
    <section className="card console-panel" aria-labelledby="occupants-title" data-testid="occupants-panel">
      <div className="panel-head">
        <h2 id="occupants-title">
          {t('console.occupants.title')}{' '}
          {state.status === 'ready' && (
            <span className="count-badge" data-testid="occupant-total" data-total={state.total}>
              {state.total}
            </span>
          )}
        </h2>
        <div className="panel-tools">
          <button
            type="button"
            className="primary"
            data-testid="manual-checkin-open"
            onClick={onManualCheckin}
          >
            {t('console.manual.open')}
          </button>
          <button type="button" data-testid="walk-in-open" onClick={onWalkIn}>
            {t('console.walkIn.open')}
          </button>
        </div>
      </div>
      <div className="field">
        <label htmlFor="occupant-search">{t('console.occupants.search')}</label>
        <input
          id="occupant-search"
          type="search"
          autoComplete="off"
          value={q}
          placeholder={t('console.occupants.searchPlaceholder')}
          data-testid="occupant-search"
          onChange={(event) => setQ(event.target.value)}
        />
      </div>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'failed' && <FormError error={state.error} />}
      {state.status === 'ready' && state.occupants.length === 0 && (
        <p className="muted" data-testid="occupant-empty">
          {query.trim() ? t('console.occupants.noMatch') : t('console.occupants.empty')}
        </p>
      )}
      {state.status === 'ready' && state.occupants.length > 0 && (
        <ul className="plain-list occupant-list" data-testid="occupant-list">
          {state.occupants.map((occupant) => {
            const kana = fullKana(occupant);
            const age = ageOn(occupant.birthDate, now);
            return (
              <li
                key={occupant.residentId}
                className="occupant-row"
                data-testid="occupant-row"
                data-resident-id={occupant.residentId}
                data-stay-type={occupant.stayType}
              >
                <div className="occupant-text">
                  <strong className="occupant-name">{fullName(occupant)}</strong>
                  {kana && <span className="muted small"> {kana}</span>}
                  <div className="occupant-tags">
                    <span className={`tag stay-${occupant.stayType}`}>
                      {t(`console.stayType.${occupant.stayType}`)}
                    </span>
                    {age !== null && <span className="tag">{t('console.person.age', { age })}</span>}
                    {occupant.registration !== 'registry' && (
                      <span className="tag">{t(`console.registration.${occupant.registration}`)}</span>
                    )}
                    {occupant.careNeeds.map((need) => (
                      <span key={need} className="tag care">
                        {t(`console.care.${need}`)}
                      </span>
                    ))}
                    <span className="muted small">
                      {t('console.occupants.since', {
                        time: formatTapTime(occupant.since, i18n.resolvedLanguage, now),
                      })}
                    </span>
                  </div>
                </div>
                <button
                  type="button"
                  data-testid="occupant-manage"
                  aria-label={t('console.occupants.manageName', { name: fullName(occupant) })}
                  onClick={() => onManage(occupant)}
                >
                  {t('console.occupants.manage')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {state.status === 'ready' && state.total > state.occupants.length && (
        <p className="muted small">
          {t('console.occupants.more', { shown: state.occupants.length, total: state.total })}
        </p>
      )}
    </section>
  );
}
