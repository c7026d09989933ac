import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SESSION_CHECK_EVENT } from '../api/account';
import { fetchMe, logout, type Me } from '../api/auth';
import { fetchKioskDevice, type KioskDevice } from '../api/kiosk';
import { KioskSetup } from '../features/kiosk/KioskSetup';
import { KioskSignInForm } from '../features/kiosk/KioskSignInForm';
import { useIdleSignOut } from '../features/kiosk/useIdleSignOut';
import { startActivityKeepAlive } from '../shared/activityKeepAlive';
import { clearResidentTraces, forgetKioskKey, storedKioskKey } from '../shared/kioskDevice';
import { ResidentPortalPage } from './ResidentPortalPage';
import '../styles/kiosk.css';

type KioskState =
  | { step: 'checking'; deviceKey: string }
  | { step: 'setup' }
  | { step: 'ready'; deviceKey: string; device: KioskDevice; signedOut: boolean }
  | { step: 'resident'; deviceKey: string; device: KioskDevice; user: Me };

/**
 * The portal in kiosk mode on a shelter PC (`#/kiosk`): card + PIN open the resident's own portal
 * for a short, idle-limited session; signing out (by the button, the idle timer or the server)
 * unmounts it, so its data leaves the DOM and memory, and clears what it stored in the browser.
 */
export function KioskPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<KioskState>(() => {
    const deviceKey = storedKioskKey();
    return deviceKey ? { step: 'checking', deviceKey } : { step: 'setup' };
  });

  useEffect(() => {
    if (state.step !== 'checking') return;
    const controller = new AbortController();
    fetchKioskDevice(state.deviceKey, controller.signal).then(
      (device) => setState({ step: 'ready', deviceKey: state.deviceKey, device, signedOut: false }),
      () => {
        if (controller.signal.aborted) return;
        forgetKioskKey();
        setState({ step: 'setup' });
      },
    );
    return () => controller.abort();
  }, [state]);

  const signOut = useCallback(() => {
    setState((previous) =>
      previous.step === 'resident'
        ? { step: 'ready', deviceKey: previous.deviceKey, device: previous.device, signedOut: true }
        : previous,
    );
    clearResidentTraces();
    void logout()
      .catch(() => undefined)
      .finally(clearResidentTraces);
  }, []);

  const signedIn = state.step === 'resident';
  // The server ended the session (idle, kiosk revoked): leave as if signed out here.
  useEffect(() => {
    if (!signedIn) return;
    const check = () =>
      void fetchMe()
        .then((user) => {
          if (!user) signOut();
        })
        .catch(() => undefined);
    window.addEventListener(SESSION_CHECK_EVENT, check);
    const stopKeepAlive = startActivityKeepAlive(() => fetchMe());
    return () => {
      window.removeEventListener(SESSION_CHECK_EVENT, check);
      stopKeepAlive();
    };
  }, [signedIn, signOut]);

  return (
    <div className="kiosk-page" data-testid="kiosk-page">
      {state.step === 'checking' && <p role="status">{t('app.loading')}</p>}
      {state.step === 'setup' && (
        <KioskSetup
          onReady={(deviceKey, device) => setState({ step: 'ready', deviceKey, device, signedOut: false })}
        />
      )}
      {state.step === 'ready' && (
        <>
          {state.signedOut && (
            <p className="status-message" role="status" data-testid="kiosk-signed-out">
              {t('kiosk.session.signedOut')}
            </p>
          )}
          <KioskSignInForm
            deviceKey={state.deviceKey}
            device={state.device}
            onSignedIn={(user) =>
              setState({ step: 'resident', deviceKey: state.deviceKey, device: state.device, user })
            }
            onKeyInvalid={() => {
              forgetKioskKey();
              setState({ step: 'setup' });
            }}
          />
        </>
      )}
      {state.step === 'resident' && (
        <KioskResident
          key={state.user.id}
          user={state.user}
          idleSeconds={state.device.idleSeconds}
          onSignOut={signOut}
        />
      )}
    </div>
  );
}

function KioskResident(props: { user: Me; idleSeconds: number; onSignOut: () => void }) {
  const { t } = useTranslation();
  const left = useIdleSignOut(props.idleSeconds, props.onSignOut);
  return (
    <div data-testid="kiosk-resident">
      <div className="kiosk-bar">
        {left !== null && (
          <p className="warning-text" role="status" data-testid="kiosk-idle-warning">
            {t('kiosk.session.idle', { seconds: left })}
          </p>
        )}
        <button type="button" className="primary big" data-testid="kiosk-sign-out" onClick={props.onSignOut}>
          {t('kiosk.session.signOut')}
        </button>
      </div>
      <ResidentPortalPage user={props.user} />
    </div>
  );
}
