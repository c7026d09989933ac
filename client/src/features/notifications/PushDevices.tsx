import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  currentSubscription,
  endpointHash,
  fetchVapidKey,
  forgetPushDevice,
  listPushDevices,
  removePushDevice,
  savePushDevice,
  type PushDevice,
} from '../../api/push';
import { isApiError } from '../../api/http';
import { serviceWorkersAvailable } from '../../shared/serviceWorker';
import { deviceLabelOf, keyBytes } from './deviceLabel';

type Problem = 'unsupported' | 'denied' | 'notAllowed' | 'failed' | 'kiosk';

const pushAvailable = () => serviceWorkersAvailable() && 'PushManager' in window && 'Notification' in window;

/** Subscribes this browser with the server's VAPID key and saves the subscription for my account. */
async function subscribeThisDevice(): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  const { publicKey } = await fetchVapidKey();
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(publicKey),
  });
  const json = subscription.toJSON();
  await savePushDevice({
    endpoint: subscription.endpoint,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    deviceLabel: deviceLabelOf(navigator.userAgent),
  });
}

/**
 * Push notifications on my devices: turn them on for this device (the browser asks for
 * permission), see which devices get them, and remove any of them.
 */
export function PushDevices() {
  const { t, i18n } = useTranslation();
  const [devices, setDevices] = useState<PushDevice[] | null>(null);
  const [thisHash, setThisHash] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(pushAvailable() ? null : 'unsupported');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const [list, subscription] = await Promise.all([listPushDevices(), currentSubscription()]);
      setDevices(list.devices);
      setThisHash(subscription ? await endpointHash(subscription.endpoint) : null);
    } catch (error) {
      setProblem(isApiError(error, 'kiosk_session_limited') ? 'kiosk' : 'failed');
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function act(work: () => Promise<void>) {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(isApiError(error, 'kiosk_session_limited') ? 'kiosk' : 'failed');
    } finally {
      await refresh();
      setBusy(false);
    }
  }

  async function turnOn() {
    if (Notification.permission === 'denied') return setProblem('denied');
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') return setProblem(permission === 'denied' ? 'denied' : 'notAllowed');
    await act(subscribeThisDevice);
  }

  async function turnOff() {
    await act(async () => {
      const subscription = await currentSubscription();
      if (!subscription) return;
      await forgetPushDevice(subscription.endpoint);
      await subscription.unsubscribe();
    });
  }

  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.resolvedLanguage);
  const thisDeviceOn = devices?.some((device) => device.endpointHash === thisHash) ?? false;
  return (
    <section className="card" aria-labelledby="push-title" data-testid="push-devices">
      <h2 id="push-title">{t('push.title')}</h2>
      <p className="muted">{t('push.explain')}</p>
      {problem !== 'unsupported' && problem !== 'kiosk' && (
        <p>
          {thisDeviceOn ? (
            <>
              <span data-testid="push-this-device-on">{t('push.thisDeviceOn')}</span>{' '}
              <button
                type="button"
                disabled={busy}
                data-testid="push-unsubscribe"
                onClick={() => void turnOff()}
              >
                {t('push.unsubscribe')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={busy}
              data-testid="push-subscribe"
              onClick={() => void turnOn()}
            >
              {busy ? t('push.subscribing') : t('push.subscribe')}
            </button>
          )}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="push-problem" data-problem={problem}>
          {t(`push.${problem}`)}
        </p>
      )}
      {devices && (
        <>
          <h3>{t('push.devices')}</h3>
          {devices.length === 0 ? (
            <p className="muted" data-testid="push-no-devices">
              {t('push.none')}
            </p>
          ) : (
            <ul className="plain-list passkey-list" data-testid="push-device-list">
              {devices.map((device) => (
                <li
                  key={device.id}
                  data-testid="push-device"
                  data-this-device={device.endpointHash === thisHash}
                >
                  <span>
                    <strong>{device.deviceLabel || t('push.unnamed')}</strong>
                    {device.endpointHash === thisHash && ` (${t('push.thisDevice')})`}
                    {' · '}
                    {t('push.since', { date: date(device.createdAt) })}
                    {device.lastSuccessAt &&
                      ` · ${t('push.lastDelivered', { date: date(device.lastSuccessAt) })}`}
                  </span>
                  <button
                    type="button"
                    disabled={busy}
                    data-testid="push-device-remove"
                    onClick={() =>
                      void act(async () => {
                        await removePushDevice(device.id);
                        if (device.endpointHash === thisHash)
                          await (await currentSubscription())?.unsubscribe();
                      })
                    }
                  >
                    {t('push.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
