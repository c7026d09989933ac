import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxAnswer, InboxEntry, InboxResponse } from '../../api/inbox';
import { errorMessageKey } from '../../shared/errorMessages';
import { currentLocation } from './geolocation';

const RESPONSES: InboxResponse[] = ['safe', 'need_help', 'evacuating'];

interface ResponseFormProps {
  entry: InboxEntry;
  onRespond: (answer: InboxAnswer) => Promise<void>;
}

type Outcome = 'sent' | 'sent_without_location' | null;

/** Answer a warning with one tap: safe, need help, evacuating; a note and the location are optional. */
export function ResponseForm({ entry, onRespond }: ResponseFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [note, setNote] = useState('');
  const [shareLocation, setShareLocation] = useState(false);
  const [busy, setBusy] = useState<InboxResponse | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<unknown>(null);

  const answer = async (response: InboxResponse) => {
    setBusy(response);
    setError(null);
    setOutcome(null);
    try {
      const location = shareLocation ? await currentLocation() : undefined;
      const trimmed = note.trim();
      await onRespond({
        response,
        ...(trimmed ? { note: trimmed } : {}),
        ...(location ? { location } : {}),
      });
      setOutcome(shareLocation && !location ? 'sent_without_location' : 'sent');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="inbox-respond" aria-labelledby={`${id}-title`} data-testid="inbox-respond">
      <h4 id={`${id}-title`}>{t('inbox.respond.title')}</h4>
      {entry.response && (
        <p className="inbox-answer" data-testid="inbox-current-response" data-response={entry.response}>
          {t('inbox.respond.current', { answer: t(`inbox.response.${entry.response}`) })}
        </p>
      )}
      <label htmlFor={`${id}-note`}>{t('inbox.respond.note')}</label>
      <textarea
        id={`${id}-note`}
        data-testid="inbox-respond-note"
        rows={2}
        maxLength={500}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <label className="inbox-consent">
        <input
          type="checkbox"
          data-testid="inbox-respond-location"
          checked={shareLocation}
          onChange={(event) => setShareLocation(event.target.checked)}
        />
        {t('inbox.respond.shareLocation')}
      </label>
      <div className="inbox-respond-buttons">
        {RESPONSES.map((response) => (
          <button
            key={response}
            type="button"
            className={`inbox-respond-${response}${entry.response === response ? ' is-chosen' : ''}`}
            data-testid={`inbox-respond-${response}`}
            aria-pressed={entry.response === response}
            disabled={busy !== null}
            onClick={() => void answer(response)}
          >
            {busy === response ? t('inbox.respond.sending') : t(`inbox.response.${response}`)}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {outcome && (
          <p className="inbox-sent" data-testid="inbox-respond-sent">
            {t(outcome === 'sent' ? 'inbox.respond.sent' : 'inbox.respond.sentWithoutLocation')}
          </p>
        )}
      </div>
      {error !== null && (
        <p className="warning-error" role="alert">
          {t('inbox.respond.failed')} {t(errorMessageKey(error))}
        </p>
      )}
    </section>
  );
}
