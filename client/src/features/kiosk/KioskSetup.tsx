import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchKioskDevice, type KioskDevice } from '../../api/kiosk';
import { kioskErrorKey } from '../../shared/kioskErrors';
import { storeKioskKey } from '../../shared/kioskDevice';

/** Staff enter the kiosk's device key once; it is checked with the server before it is kept. */
export function KioskSetup({ onReady }: { onReady: (deviceKey: string, device: KioskDevice) => void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const device = await fetchKioskDevice(key.trim());
      storeKioskKey(key.trim());
      setKey('');
      onReady(key.trim(), device);
    } catch (failure) {
      setError(kioskErrorKey(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card kiosk-card" data-testid="kiosk-setup" onSubmit={(event) => void submit(event)}>
      <h1>{t('kiosk.setup.title')}</h1>
      <p className="muted">{t('kiosk.setup.explain')}</p>
      <label htmlFor="kiosk-device-key">{t('kiosk.setup.key')}</label>
      <input
        id="kiosk-device-key"
        type="password"
        autoComplete="off"
        required
        value={key}
        data-testid="kiosk-device-key"
        onChange={(event) => setKey(event.target.value)}
      />
      {error && (
        <p className="error-text" role="alert" data-testid="kiosk-setup-error">
          {t(error)}
        </p>
      )}
      <button type="submit" className="primary big" disabled={busy || key.trim() === ''}>
        {t('kiosk.setup.submit')}
      </button>
    </form>
  );
}
