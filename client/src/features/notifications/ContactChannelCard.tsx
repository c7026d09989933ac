import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSENT_TEXTS } from '@contract/contacts/consent';
import {
  removeContact,
  resendContactCode,
  setContactAddress,
  setContactConsent,
  verifyContact,
  type ContactChannel,
  type ContactPoint,
} from '../../api/contacts';
import { contactErrorKey } from './contactErrors';

interface Props {
  channel: ContactChannel;
  /** Whether this system sends on the channel at all. */
  enabled: boolean;
  point: ContactPoint | null;
  consentVersion: string;
  onChange: (point: ContactPoint | null) => void;
}

type Message = { key: string; error: boolean };

/** One channel (e-mail or SMS): the address, its verification by code, consent, removal. */
export function ContactChannelCard({ channel, enabled, point, consentVersion, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message | null>(null);

  async function run(action: () => Promise<ContactPoint | null>, done?: string) {
    setBusy(true);
    setMessage(null);
    try {
      onChange(await action());
      if (done) setMessage({ key: done, error: false });
      return true;
    } catch (error) {
      setMessage({ key: contactErrorKey(error), error: true });
      return false;
    } finally {
      setBusy(false);
    }
  }

  const submitAddress = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => setContactAddress(channel, address), 'contacts.sent')) {
      setEditing(false);
      setAddress('');
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(() => verifyContact(channel, code.trim()), 'contacts.verified')) setCode('');
  };

  const at = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : '');
  const language = i18n.language === 'en' ? 'en' : 'ja';
  const showAddressForm = enabled && (point === null || editing);
  const waiting = point !== null && (point.status === 'waiting_for_code' || point.status === 'unverified');

  return (
    <section className="card account-card" data-testid={`contact-${channel}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t(`contacts.channel.${channel}`)}</h2>
      {!enabled && (
        <p className="muted" data-testid={`contact-${channel}-off`}>
          {t(`contacts.off.${channel}`)}
        </p>
      )}

      {point && !editing && (
        <>
          <p>
            <strong data-testid={`contact-${channel}-address`}>{point.address}</strong>{' '}
            <span data-testid={`contact-${channel}-status`} data-status={point.status}>
              — {t(`contacts.status.${point.status}`)}
            </span>
          </p>
          {point.gone && (
            <p className="error-text" role="alert">
              {t(`contacts.gone.${point.gone.reason}`)}
            </p>
          )}
        </>
      )}

      {showAddressForm && (
        <form onSubmit={(event) => void submitAddress(event)}>
          <label htmlFor={`${id}-address`}>{t(`contacts.label.${channel}`)}</label>
          <input
            id={`${id}-address`}
            type={channel === 'email' ? 'email' : 'tel'}
            autoComplete={channel === 'email' ? 'email' : 'tel'}
            placeholder={t(`contacts.placeholder.${channel}`)}
            maxLength={320}
            required
            value={address}
            data-testid={`contact-${channel}-input`}
            onChange={(event) => setAddress(event.target.value)}
          />
          <div className="console-actions">
            <button type="submit" className="primary" disabled={busy} data-testid={`contact-${channel}-send`}>
              {t('contacts.save')}
            </button>
            {editing && (
              <button type="button" onClick={() => setEditing(false)}>
                {t('contacts.cancel')}
              </button>
            )}
          </div>
        </form>
      )}

      {enabled && waiting && !editing && (
        <form onSubmit={(event) => void submitCode(event)}>
          <label htmlFor={`${id}-code`}>{t('contacts.code')}</label>
          <input
            id={`${id}-code`}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            data-testid={`contact-${channel}-code`}
            onChange={(event) => setCode(event.target.value)}
          />
          <div className="console-actions">
            <button
              type="submit"
              className="primary"
              disabled={busy}
              data-testid={`contact-${channel}-verify`}
            >
              {t('contacts.verify')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => resendContactCode(channel), 'contacts.sent')}
            >
              {t('contacts.resend')}
            </button>
          </div>
        </form>
      )}

      {point && (
        <div className="contact-consent">
          <label>
            <input
              type="checkbox"
              checked={point.consent.given}
              disabled={busy}
              data-testid={`contact-${channel}-consent`}
              onChange={(event) =>
                void run(() => setContactConsent(channel, event.target.checked, consentVersion))
              }
            />{' '}
            {t('contacts.consent')}: {CONSENT_TEXTS[channel][language]}
          </label>
          {point.consent.given && point.consent.at && (
            <p className="muted">{t('contacts.consentGiven', { at: at(point.consent.at) })}</p>
          )}
          {!point.consent.given && point.consent.withdrawnAt && (
            <p className="muted">{t('contacts.consentWithdrawn', { at: at(point.consent.withdrawnAt) })}</p>
          )}
          <p data-testid={`contact-${channel}-usable`} data-usable={point.usable}>
            {t(point.usable ? 'contacts.usable' : 'contacts.notUsable')}
          </p>
        </div>
      )}

      {message && (
        <p
          className={message.error ? 'error-text' : 'success-text'}
          role={message.error ? 'alert' : 'status'}
          data-testid={`contact-${channel}-message`}
        >
          {t(message.key)}
        </p>
      )}

      {point && !editing && (
        <div className="console-actions">
          {enabled && (
            <button type="button" disabled={busy} onClick={() => setEditing(true)}>
              {t('contacts.change')}
            </button>
          )}
          <button
            type="button"
            className="danger"
            disabled={busy}
            data-testid={`contact-${channel}-remove`}
            onClick={() => void run(() => removeContact(channel).then(() => null), 'contacts.removed')}
          >
            {t('contacts.remove')}
          </button>
        </div>
      )}
    </section>
  );
}
