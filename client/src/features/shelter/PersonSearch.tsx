import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchPeople, type PersonSummary } from '../../api/people';
import { ageOn, fullKana, fullName } from './format';
import { FormError } from './FormError';

interface PersonSearchProps {
  selectedId: string | null;
  onSelect: (person: PersonSummary) => void;
}

type SearchState =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'done'; people: PersonSummary[] }
  | { status: 'failed'; error: unknown };

/**
 * Finds a registered person by name in any script (kanji, kana, romaji) and optionally birth date.
 * The purpose is required by the server and kept in the person's access log, so it is visible.
 */
export function PersonSearch({ selectedId, onSelect }: PersonSearchProps) {
  const { t } = useTranslation();
  const id = useId();
  const [q, setQ] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [purpose, setPurpose] = useState(() => t('console.search.defaultPurpose'));
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const today = new Date();

  const search = async () => {
    setState({ status: 'searching' });
    try {
      const { people } = await searchPeople({ q, purpose, ...(birthDate ? { birthDate } : {}) });
      setState({ status: 'done', people });
    } catch (error) {
      setState({ status: 'failed', error });
    }
  };

  return (
    <div className="person-search" data-testid="person-search">
      <form
        className="form-grid"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          if (q.trim() !== '' && purpose.trim() !== '') void search();
        }}
      >
        <div className="field span-2">
          <label htmlFor={`${id}-q`}>{t('console.search.name')}</label>
          <input
            id={`${id}-q`}
            type="search"
            autoComplete="off"
            required
            maxLength={100}
            value={q}
            aria-describedby={`${id}-q-hint`}
            data-testid="person-search-q"
            onChange={(event) => setQ(event.target.value)}
          />
          <small id={`${id}-q-hint`} className="muted">
            {t('console.search.nameHint')}
          </small>
        </div>
        <div className="field">
          <label htmlFor={`${id}-birth`}>{t('console.search.birthDate')}</label>
          <input
            id={`${id}-birth`}
            type="date"
            value={birthDate}
            data-testid="person-search-birthdate"
            onChange={(event) => setBirthDate(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-purpose`}>{t('console.search.purpose')}</label>
          <input
            id={`${id}-purpose`}
            required
            maxLength={200}
            value={purpose}
            data-testid="person-search-purpose"
            onChange={(event) => setPurpose(event.target.value)}
          />
        </div>
        <div className="field span-2">
          <button
            type="submit"
            className="primary"
            disabled={state.status === 'searching' || q.trim() === '' || purpose.trim() === ''}
            data-testid="person-search-submit"
          >
            {state.status === 'searching' ? t('console.search.searching') : t('console.search.submit')}
          </button>
        </div>
      </form>

      {state.status === 'failed' && <FormError error={state.error} testId="person-search-error" />}
      {state.status === 'done' && state.people.length === 0 && (
        <p className="muted" role="status" data-testid="person-search-empty">
          {t('console.search.noResults')}
        </p>
      )}
      {state.status === 'done' && state.people.length > 0 && (
        <ul
          className="plain-list person-results"
          aria-label={t('console.search.results')}
          data-testid="person-results"
        >
          {state.people.map((person) => {
            const age = ageOn(person.birthDate, today);
            const kana = fullKana(person);
            const selected = person.id === selectedId;
            return (
              <li
                key={person.id}
                className={`person-result${selected ? ' is-selected' : ''}`}
                data-testid="person-result"
                data-resident-id={person.id}
              >
                <div className="person-result-text">
                  <strong>{fullName(person)}</strong>
                  {kana && <span className="muted"> ({kana})</span>}
                  <div className="muted small">
                    {person.birthDate
                      ? t('console.person.born', { date: person.birthDate, age: age ?? '?' })
                      : t('console.person.noBirthDate')}
                    {' · '}
                    {person.homeMunicipality?.name ?? t(`console.registration.${person.registration}`)}
                    {person.whereabouts?.shelterName &&
                      ` · ${t('console.person.atShelter', { name: person.whereabouts.shelterName })}`}
                    {' · '}
                    {t('console.search.score', { score: Math.round(person.score * 100) })}
                  </div>
                </div>
                <button
                  type="button"
                  className={selected ? 'primary' : ''}
                  aria-pressed={selected}
                  data-testid="person-result-select"
                  onClick={() => onSelect(person)}
                >
                  {selected ? t('console.search.selected') : t('console.search.select')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
