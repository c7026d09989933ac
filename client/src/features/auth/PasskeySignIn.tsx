import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signInWithPasskey } from '../../api/enrolment';
import { ENROL_HASH } from '../../shared/enrolLink';
import { enrolmentErrorKey } from '../../shared/enrolmentErrors';
import { useSession } from '../../shared/session';

/** Username-less sign-in: the browser offers the passkeys it holds for this site. */
export function PasskeySignIn() {
  const { t } = useTranslation();
  const { enter } = useSession();
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setBusy(true);
    setErrorKey(null);
    try {
      enter(await signInWithPasskey());
    } catch (error) {
      setErrorKey(enrolmentErrorKey(error));
      setBusy(false);
    }
  }

  return (
    <div className="passkey-sign-in">
      <button
        type="button"
        className="primary"
        data-testid="login-passkey"
        disabled={busy}
        onClick={() => void signIn()}
      >
        {t('enrolment.login.passkey')}
      </button>
      {errorKey && (
        <p className="form-error" role="alert" data-testid="login-passkey-error" data-error-key={errorKey}>
          {t(errorKey)}
        </p>
      )}
      <p>
        <a href={ENROL_HASH} data-testid="login-enrol">
          {t('enrolment.claim.haveCode')}
        </a>
      </p>
      <p className="muted">{t('enrolment.login.or')}</p>
    </div>
  );
}
