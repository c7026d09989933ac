import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shelter } from '../../shared/shelters/shelterStore';

const SHOWN = 12;

interface ShelterChooserProps {
  candidates: readonly Shelter[];
  selectedId: string | null;
  onSelect: (shelter: Shelter) => void;
  testIdPrefix: string;
}

/** Picks one shelter out of many by typing part of its name. */
export function ShelterChooser({ candidates, selectedId, onSelect, testIdPrefix }: ShelterChooserProps) {
  const { t } = useTranslation();
  const id = useId();
  const [filter, setFilter] = useState('');
  const matches = useMemo(() => {
    const needle = filter.trim().normalize('NFKC').toLowerCase();
    const found =
      needle === ''
        ? candidates
        : candidates.filter((s) => s.name.normalize('NFKC').toLowerCase().includes(needle));
    return found.slice(0, SHOWN);
  }, [candidates, filter]);

  return (
    <div className="shelter-chooser">
      <label htmlFor={`${id}-filter`}>{t('console.chooser.filter')}</label>
      <input
        id={`${id}-filter`}
        type="search"
        autoComplete="off"
        value={filter}
        data-testid={`${testIdPrefix}-filter`}
        onChange={(event) => setFilter(event.target.value)}
      />
      {matches.length === 0 ? (
        <p className="muted">{t('console.chooser.none')}</p>
      ) : (
        <ul className="plain-list chooser-list" aria-label={t('console.chooser.results')}>
          {matches.map((shelter) => (
            <li key={shelter.id}>
              <button
                type="button"
                className={`chooser-option${shelter.id === selectedId ? ' is-selected' : ''}`}
                aria-pressed={shelter.id === selectedId}
                data-testid={`${testIdPrefix}-option`}
                data-shelter-id={shelter.id}
                onClick={() => onSelect(shelter)}
              >
                <span className="shelter-name">{shelter.name}</span>
                <span className="muted small">
                  {shelter.capacity === null
                    ? t('console.chooser.occupancyOnly', { occupancy: shelter.occupancy })
                    : t('console.chooser.occupancy', {
                        occupancy: shelter.occupancy,
                        capacity: shelter.capacity,
                      })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length > SHOWN && <p className="muted small">{t('console.chooser.more')}</p>}
    </div>
  );
}
