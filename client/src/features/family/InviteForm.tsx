import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { inviteDesignee } from '../../api/family';
import { familyErrorKey } from './familyErrors';
import { checkInvite } from './inviteCheck';

/**
 * Invite by registered name and birth date. The answer is deliberately the same whether or not
 * such a person exists, so the confirmation says only what will happen if they do.
 */
export function InviteForm({ disabled, onInvited }: { disabled: boolean; onInvited: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [familyName, setFamilyName] = useState('');
  const [givenName, setGivenName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit() {
    const checked = checkInvite({ familyName, givenName, birthDate });
    setSentTo(null);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await inviteDesignee(checked.body);
      setSentTo(`${checked.body.familyName} ${checked.body.givenName}`);
      setFamilyName('');
      setGivenName('');
      setBirthDate('');
      onInvited();
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="invite-form"
      aria-labelledby={`${id}-title`}
      data-testid="invite-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h3 id={`${id}-title`}>{t('family.invite.title')}</h3>
      <p className="muted small">{t('family.invite.intro')}</p>
      <div className="name-fields">
        <div className="field">
          <label htmlFor={`${id}-family`}>{t('family.invite.familyName')}</label>
          <input
            id={`${id}-family`}
            autoComplete="off"
            value={familyName}
            data-testid="invite-family-name"
            onChange={(event) => setFamilyName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-given`}>{t('family.invite.givenName')}</label>
          <input
            id={`${id}-given`}
            autoComplete="off"
            value={givenName}
            data-testid="invite-given-name"
            onChange={(event) => setGivenName(event.target.value)}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-birth`}>{t('family.invite.birthDate')}</label>
        <input
          id={`${id}-birth`}
          type="date"
          value={birthDate}
          max={new Date().toISOString().slice(0, 10)}
          data-testid="invite-birth-date"
          onChange={(event) => setBirthDate(event.target.value)}
        />
      </div>
      <button
        type="submit"
        className="primary wide-button"
        disabled={busy || disabled}
        data-testid="invite-submit"
      >
        {t('family.invite.submit')}
      </button>
      {disabled && <p className="muted small">{t('family.invite.full')}</p>}
      <div aria-live="polite">
        {sentTo && (
          <p className="report-status" data-testid="invite-sent">
            {t('family.invite.sent', { name: sentTo })}
          </p>
        )}
      </div>
      {error !== null && (
        <p className="form-error" role="alert" data-testid="invite-error">
          {t(familyErrorKey(error))}
        </p>
      )}
    </form>
  );
}
