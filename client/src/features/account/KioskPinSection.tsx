import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchPinStatus, removeKioskPin, setKioskPin } from '../../api/kiosk';
import { kioskErrorKey } from '../../shared/kioskErrors';

/** The resident's PIN for shelter kiosks (with their card): set, change or remove it. */
export function KioskPinSection() {
  const { t } = useTranslation();
  const id = useId();
  const [pinSet, setPinSet] = useState<boolean | null>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<{ key: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchPinStatus(controller.signal).then(
      (status) => setPinSet(status.pinSet),
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  const run = async (action: () => Promise<{ pinSet: boolean }>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      setPinSet((await action()).pinSet);
      setMessage({ key: done, error: false });
    } catch (error) {
      setMessage({ key: kioskErrorKey(error), error: true });
    } finally {
      setPin('');
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => setKioskPin(pin), 'kiosk.pin.saved');
  };

  return (
    <form
      className="card account-card"
      data-testid="kiosk-pin-form"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
    >
      <h2 id={`${id}-title`}>{t('kiosk.pin.title')}</h2>
      <p className="muted">{t('kiosk.pin.explain')}</p>
      {pinSet !== null && (
        <p data-testid="kiosk-pin-status">{t(pinSet ? 'kiosk.pin.isSet' : 'kiosk.pin.notSet')}</p>
      )}
      <label htmlFor={`${id}-pin`}>{t('kiosk.pin.new')}</label>
      <input
        id={`${id}-pin`}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4,8}"
        required
        value={pin}
        data-testid="kiosk-pin-new"
        onChange={(event) => setPin(event.target.value)}
      />
      {message && (
        <p
          className={message.error ? 'error-text' : 'success-text'}
          role={message.error ? 'alert' : 'status'}
        >
          {t(message.key)}
        </p>
      )}
      <div className="console-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="kiosk-pin-save">
          {t('kiosk.pin.save')}
        </button>
        {pinSet && (
          <button type="button" disabled={busy} onClick={() => void run(removeKioskPin, 'kiosk.pin.removed')}>
            {t('kiosk.pin.remove')}
          </button>
        )}
      </div>
    </form>
  );
}
