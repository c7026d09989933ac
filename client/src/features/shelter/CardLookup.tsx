import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findPersonByCard, type PersonSummary } from '../../api/people';
import { normaliseCardUid } from './cardUid';
import { fullName } from './format';
import { FormError } from './FormError';

/**
 * Finds a person by their card. The counter's reader is a keyboard-wedge reader: a tap types the
 * card's UID into the focused field and presses Enter, which looks the person up (the UID can be
 * typed too). The same rules as the name search: staff only, a purpose, kept in the person's access
 * log. The field is emptied after every tap, so the next card starts clean.
 */
export function CardLookup({
  defaultPurpose,
  onFound,
}: {
  /** What the screen looks people up for; the member of staff may change it. */
  defaultPurpose: string;
  onFound: (person: PersonSummary) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [cardUid, setCardUid] = useState('');
  const [purpose, setPurpose] = useState(defaultPurpose);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [found, setFound] = useState<PersonSummary | null>(null);

  async function lookUp() {
    setError(null);
    setFound(null);
    const uid = normaliseCardUid(cardUid);
    setCardUid('');
    // The reader protocol's own id: a UID is 8 to 32 hex digits.
    if (!uid) {
      setError('invalid_tap');
      return;
    }
    setBusy(true);
    try {
      const { person } = await findPersonByCard(uid, purpose);
      setFound(person);
      onFound(person);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form-grid"
      data-testid="acting-card-lookup"
      onSubmit={(event) => {
        event.preventDefault();
        if (purpose.trim() !== '') void lookUp();
      }}
    >
      <div className="field span-2">
        <label htmlFor={`${id}-card`}>{t('console.cardLookup.label')}</label>
        <input
          id={`${id}-card`}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          required
          value={cardUid}
          aria-describedby={`${id}-card-hint`}
          data-testid="acting-card-uid"
          onChange={(event) => setCardUid(event.target.value)}
        />
        <small id={`${id}-card-hint`} className="muted">
          {t('console.cardLookup.hint')}
        </small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>{t('console.cardLookup.purpose')}</label>
        <input
          id={`${id}-purpose`}
          required
          maxLength={200}
          value={purpose}
          data-testid="acting-card-purpose"
          onChange={(event) => setPurpose(event.target.value)}
        />
      </div>
      <div className="field">
        <button type="submit" disabled={busy || purpose.trim() === ''} data-testid="acting-card-submit">
          {busy ? t('console.cardLookup.finding') : t('console.cardLookup.find')}
        </button>
      </div>
      {found && (
        <p className="span-2" role="status" data-testid="acting-card-found" data-resident-id={found.id}>
          {t('console.cardLookup.found', { name: fullName(found), born: found.birthDate ?? '—' })}
        </p>
      )}
      <FormError error={error} testId="acting-card-error" className="span-2" />
    </form>
  );
}
