import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchKioskPersonStatus,
  resetKioskPin,
  unlockKioskCard,
  type KioskPersonStatus,
} from '../../api/kiosk';
import { kioskErrorKey } from '../../shared/kioskErrors';

/**
 * Staff at the counter: a person's kiosk PIN and card lock. Unlocking a card and clearing a
 * forgotten PIN need the identity check confirmed first; both are in the person's access log.
 */
export function KioskHelpSection({
  residentId,
  shelterId,
}: {
  residentId: string;
  shelterId: string | null;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<KioskPersonStatus | null>(null);
  const [checked, setChecked] = useState(false);
  const [message, setMessage] = useState<{ key: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchKioskPersonStatus(residentId, shelterId, controller.signal).then(setStatus, (error: unknown) => {
      if (!controller.signal.aborted) setMessage({ key: kioskErrorKey(error), error: true });
    });
    return () => controller.abort();
  }, [residentId, shelterId]);

  const run = async (action: () => Promise<KioskPersonStatus>) => {
    setBusy(true);
    setMessage(null);
    try {
      setStatus(await action());
      setMessage({ key: 'kiosk.help.done', error: false });
      setChecked(false);
    } catch (error) {
      setMessage({ key: kioskErrorKey(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card no-print" data-testid="kiosk-help">
      <h2>{t('kiosk.help.title')}</h2>
      {status && !status.hasAccount && <p className="muted">{t('kiosk.help.noAccount')}</p>}
      {status?.hasAccount && (
        <>
          <p data-testid="kiosk-help-status">
            {t(status.pinSet ? 'kiosk.help.pinSet' : 'kiosk.help.pinNotSet')} ·{' '}
            {t(status.locked ? 'kiosk.help.locked' : 'kiosk.help.notLocked')}
          </p>
          <label>
            <input
              type="checkbox"
              checked={checked}
              data-testid="kiosk-help-identity"
              onChange={(event) => setChecked(event.target.checked)}
            />{' '}
            {t('kiosk.help.identity')}
          </label>
          <div className="console-actions">
            <button
              type="button"
              disabled={busy || !checked || !status.locked}
              data-testid="kiosk-help-unlock"
              onClick={() => void run(() => unlockKioskCard(residentId, shelterId))}
            >
              {t('kiosk.help.unlock')}
            </button>
            <button
              type="button"
              disabled={busy || !checked || !status.pinSet}
              data-testid="kiosk-help-reset"
              onClick={() => void run(() => resetKioskPin(residentId, shelterId))}
            >
              {t('kiosk.help.reset')}
            </button>
          </div>
        </>
      )}
      {message && (
        <p
          className={message.error ? 'error-text' : 'success-text'}
          role={message.error ? 'alert' : 'status'}
        >
          {t(message.key)}
        </p>
      )}
    </section>
  );
}
