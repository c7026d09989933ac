import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import { kioskSignIn, type KioskDevice } from '../../api/kiosk';
import { kioskErrorKey } from '../../shared/kioskErrors';

interface KioskSignInFormProps {
  deviceKey: string;
  device: KioskDevice;
  onSignedIn: (user: Me) => void;
  /** The kiosk's key no longer works (rotated or revoked): back to setup. */
  onKeyInvalid: () => void;
}

/**
 * Card, then PIN. A keyboard-wedge card reader types the UID into the focused field and presses
 * Enter, which moves on to the PIN; the UID can be typed too. Both fields are emptied after every
 * attempt, right or wrong, so the next person finds nothing in them.
 */
export function KioskSignInForm({ deviceKey, device, onSignedIn, onKeyInvalid }: KioskSignInFormProps) {
  const { t } = useTranslation();
  const [cardUid, setCardUid] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await kioskSignIn(deviceKey, cardUid.trim(), pin);
      onSignedIn(user);
    } catch (failure) {
      const key = kioskErrorKey(failure);
      if (key === 'kiosk.errors.kiosk_key_invalid') return onKeyInvalid();
      setError(key);
    } finally {
      setCardUid('');
      setPin('');
      setBusy(false);
    }
  }

  return (
    <form className="card kiosk-card" data-testid="kiosk-sign-in" onSubmit={(event) => void submit(event)}>
      <h1>{t('kiosk.signIn.title')}</h1>
      <p className="muted" data-testid="kiosk-where">
        {t('kiosk.signIn.where', { name: device.name, shelter: device.shelterName })}
      </p>
      <label htmlFor="kiosk-card-uid">{t('kiosk.signIn.card')}</label>
      <input
        id="kiosk-card-uid"
        autoFocus
        autoComplete="off"
        spellCheck={false}
        required
        value={cardUid}
        data-testid="kiosk-card-uid"
        onChange={(event) => setCardUid(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || pin !== '') return;
          event.preventDefault();
          pinRef.current?.focus();
        }}
      />
      <label htmlFor="kiosk-pin">{t('kiosk.signIn.pin')}</label>
      <input
        id="kiosk-pin"
        ref={pinRef}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4,8}"
        required
        value={pin}
        data-testid="kiosk-pin"
        onChange={(event) => setPin(event.target.value)}
      />
      {error && (
        <p className="error-text" role="alert" data-testid="kiosk-error">
          {t(error)}
        </p>
      )}
      <button type="submit" className="primary big" disabled={busy} data-testid="kiosk-submit">
        {t('kiosk.signIn.submit')}
      </button>
      <p className="muted small">{t('kiosk.signIn.privacy', { seconds: device.idleSeconds })}</p>
    </form>
  );
}
