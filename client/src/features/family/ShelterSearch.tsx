import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchShelters } from '../../api/shelters';
import { sheltersFromCollection, type Shelter } from '../../shared/shelters/shelterStore';
import { familyErrorKey } from './familyErrors';
import { matchShelters } from './shelterFilter';

interface ShelterSearchProps {
  selected: Shelter | null;
  onSelect: (shelter: Shelter) => void;
}

/** Finds a shelter by part of its name; closed shelters are left out (the server refuses them). */
export function ShelterSearch({ selected, onSelect }: ShelterSearchProps) {
  const { t } = useTranslation();
  const id = useId();
  const [shelters, setShelters] = useState<Shelter[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchShelters({}, controller.signal)
      .then((collection) => {
        setShelters(sheltersFromCollection(collection));
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      });
    return () => controller.abort();
  }, [attempt]);

  const matches = useMemo(() => matchShelters(shelters ?? [], filter), [shelters, filter]);

  return (
    <div className="shelter-search" data-testid="report-shelter-search">
      <label htmlFor={`${id}-filter`}>{t('family.report.shelterSearch')}</label>
      <input
        id={`${id}-filter`}
        type="search"
        autoComplete="off"
        value={filter}
        placeholder={t('family.report.shelterPlaceholder')}
        data-testid="report-shelter-filter"
        onChange={(event) => setFilter(event.target.value)}
      />
      {selected && (
        <p className="selected-shelter" data-testid="report-shelter-selected" data-shelter-id={selected.id}>
          {t('family.report.shelterChosen', { name: selected.name })}
        </p>
      )}
      {error !== null && (
        <div className="form-error" role="alert">
          <p>{t(familyErrorKey(error))}</p>
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('family.common.retry')}
          </button>
        </div>
      )}
      {shelters === null && error === null && <p className="muted">{t('family.common.loading')}</p>}
      {shelters !== null && matches.shown.length === 0 && (
        <p className="muted">{t('family.report.shelterNone')}</p>
      )}
      {matches.shown.length > 0 && (
        <ul className="plain-list shelter-options" aria-label={t('family.report.shelterResults')}>
          {matches.shown.map((shelter) => (
            <li key={shelter.id}>
              <button
                type="button"
                className={`shelter-option${shelter.id === selected?.id ? ' is-selected' : ''}`}
                aria-pressed={shelter.id === selected?.id}
                data-testid="report-shelter-option"
                data-shelter-id={shelter.id}
                onClick={() => onSelect(shelter)}
              >
                <span className="shelter-option-name">{shelter.name}</span>
                {shelter.status === 'full' && (
                  <span className="muted small">{t('family.report.shelterFull')}</span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
      {matches.more > 0 && (
        <p className="muted small">{t('family.report.shelterMore', { count: matches.more })}</p>
      )}
    </div>
  );
}
