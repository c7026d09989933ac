import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchKiosks,
  registerKiosk,
  revokeKiosk,
  rotateKioskKey,
  type Kiosk,
  type KioskWithKey,
} from '../../api/kiosk';
import { KIOSK_HASH, storeKioskKey } from '../../shared/kioskDevice';
import { ConfirmDialog } from './Modal';
import { useNotice } from './notices';

type Pending = { kind: 'rotate' | 'revoke'; kiosk: Kiosk } | null;

/**
 * The shelter's kiosk PCs: register one (its key is shown once, to enter on the PC or to start
 * kiosk mode on this PC), give it a new key, or revoke it; both end every session opened there.
 */
export function KiosksPanel({ shelterId }: { shelterId: string }) {
  const { t } = useTranslation();
  const notice = useNotice();
  const [kiosks, setKiosks] = useState<Kiosk[]>([]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<KioskWithKey | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const reload = useCallback(() => {
    fetchKiosks(shelterId).then((answer) => setKiosks(answer.kiosks), notice.failure);
  }, [shelterId, notice.failure]);
  useEffect(reload, [reload]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      reload();
    } catch (error) {
      notice.failure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card console-panel" aria-labelledby="kiosks-title" data-testid="kiosks-panel">
      <h2 id="kiosks-title">{t('kiosk.devices.title')}</h2>
      <p className="muted">{t('kiosk.devices.explain')}</p>
      {issued && (
        <section className="card device-key-notice" data-testid="kiosk-key-notice">
          <h3>{t('kiosk.devices.keyTitle', { name: issued.kiosk.name })}</h3>
          <p className="warning-text">{t('kiosk.devices.keyOnce')}</p>
          <code className="secret" data-testid="kiosk-device-key-shown">
            {issued.deviceKey}
          </code>
          <div className="console-actions">
            <button
              type="button"
              data-testid="kiosk-open-here"
              onClick={() => {
                storeKioskKey(issued.deviceKey);
                setIssued(null);
                window.location.hash = KIOSK_HASH;
              }}
            >
              {t('kiosk.devices.openHere')}
            </button>
            <button type="button" className="primary" onClick={() => setIssued(null)}>
              {t('kiosk.devices.done')}
            </button>
          </div>
        </section>
      )}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() === '') return;
          void run(async () => {
            setIssued(await registerKiosk(shelterId, name.trim()));
            setName('');
          });
        }}
      >
        <div className="field">
          <label htmlFor="kiosk-register-name">{t('kiosk.devices.name')}</label>
          <input
            id="kiosk-register-name"
            required
            maxLength={100}
            value={name}
            data-testid="kiosk-register-name"
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <button
          type="submit"
          className="primary big"
          disabled={busy || name.trim() === ''}
          data-testid="kiosk-register-submit"
        >
          {t('kiosk.devices.register')}
        </button>
      </form>
      {kiosks.length === 0 ? (
        <p className="muted">{t('kiosk.devices.none')}</p>
      ) : (
        <ul className="plain-list reader-list" data-testid="kiosk-list">
          {kiosks.map((kiosk) => (
            <li key={kiosk.id} className="reader-row">
              <strong>{kiosk.name}</strong>{' '}
              {kiosk.revoked ? (
                <span className="tag">{t('kiosk.devices.revoked')}</span>
              ) : (
                <>
                  {kiosk.lastSeenAt && (
                    <span className="muted small">
                      {t('kiosk.devices.lastSeen', { when: new Date(kiosk.lastSeenAt).toLocaleString() })}
                    </span>
                  )}{' '}
                  <button type="button" disabled={busy} onClick={() => setPending({ kind: 'rotate', kiosk })}>
                    {t('kiosk.devices.rotate')}
                  </button>{' '}
                  <button
                    type="button"
                    className="danger"
                    disabled={busy}
                    onClick={() => setPending({ kind: 'revoke', kiosk })}
                  >
                    {t('kiosk.devices.revoke')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {pending && (
        <ConfirmDialog
          title={`${pending.kiosk.name}: ${t(pending.kind === 'rotate' ? 'kiosk.devices.rotate' : 'kiosk.devices.revoke')}`}
          message={t(
            pending.kind === 'rotate' ? 'kiosk.devices.rotateMessage' : 'kiosk.devices.revokeMessage',
          )}
          confirmLabel={t(pending.kind === 'rotate' ? 'kiosk.devices.rotate' : 'kiosk.devices.revoke')}
          danger={pending.kind === 'revoke'}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            const { kind, kiosk } = pending;
            setPending(null);
            void run(async () => {
              if (kind === 'rotate') setIssued(await rotateKioskKey(kiosk.id));
              else await revokeKiosk(kiosk.id);
            });
          }}
        />
      )}
    </section>
  );
}
