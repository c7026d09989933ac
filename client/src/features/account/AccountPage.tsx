import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassword, logoutEverywhere } from '../../api/account';
import { useSession } from '../../shared/session';
import { accountErrorKeys } from './accountErrors';
import { KioskPinSection } from './KioskPinSection';
import { PasskeysSection } from './PasskeysSection';
import '../../styles/account.css';

/** Matches the server's rule (password-policy.ts); the server still decides. */
const MIN_LENGTH = 12;

function PasswordField(props: {
  id: string;
  name: 'current' | 'new' | 'repeat';
  label: string;
  autoComplete: 'current-password' | 'new-password';
  describedBy?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        data-testid={`password-${props.name}`}
        autoComplete={props.autoComplete}
        aria-describedby={props.describedBy}
        required
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </>
  );
}

function ChangePasswordForm() {
  const { t } = useTranslation();
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errorKeys, setErrorKeys] = useState<string[]>([]);
  const [ended, setEnded] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setEnded(null);
    if (next.length < MIN_LENGTH) return setErrorKeys(['account.problems.too_short']);
    if (next !== repeat) return setErrorKeys(['account.errors.mismatch']);
    setErrorKeys([]);
    setSubmitting(true);
    try {
      const result = await changePassword(current, next);
      setEnded(result.endedSessions);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (error) {
      setErrorKeys(accountErrorKeys(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form
      className="card account-card"
      data-testid="password-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => void onSubmit(event)}
    >
      <h2 id={`${id}-title`}>{t('account.password.title')}</h2>
      <p className="muted" id={`${id}-hint`}>
        {t('account.password.hint', { min: MIN_LENGTH })}
      </p>
      <PasswordField
        id={`${id}-current`}
        name="current"
        label={t('account.password.current')}
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <PasswordField
        id={`${id}-new`}
        name="new"
        label={t('account.password.new')}
        autoComplete="new-password"
        describedBy={`${id}-hint`}
        value={next}
        onChange={setNext}
      />
      <PasswordField
        id={`${id}-repeat`}
        name="repeat"
        label={t('account.password.repeat')}
        autoComplete="new-password"
        value={repeat}
        onChange={setRepeat}
      />
      {errorKeys.length > 0 && (
        <ul className="form-error" role="alert" data-testid="password-error" data-error-key={errorKeys[0]}>
          {errorKeys.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
      )}
      {ended !== null && (
        <p className="form-success" role="status" data-testid="password-changed" data-ended={ended}>
          {t('account.password.changed', { count: ended })}
        </p>
      )}
      <button type="submit" className="primary" data-testid="password-submit" disabled={submitting}>
        {t('account.password.submit')}
      </button>
    </form>
  );
}

function SignOutEverywhere() {
  const { t } = useTranslation();
  const { reload } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [errorKeys, setErrorKeys] = useState<string[]>([]);

  async function signOutEverywhere() {
    try {
      await logoutEverywhere();
      // This session ended too: asking the server again shows the sign-in page.
      reload();
    } catch (error) {
      setErrorKeys(accountErrorKeys(error));
    }
  }

  return (
    <section className="card account-card" data-testid="sessions-card">
      <h2>{t('account.sessions.title')}</h2>
      <p className="muted">{t('account.sessions.explain')}</p>
      {errorKeys.length > 0 && (
        <p className="form-error" role="alert">
          {t(errorKeys[0] ?? 'errors.unknown')}
        </p>
      )}
      {confirming ? (
        <div className="account-confirm" role="group" aria-label={t('account.sessions.confirm')}>
          <p>{t('account.sessions.confirm')}</p>
          <button
            type="button"
            className="danger"
            data-testid="logout-everywhere-confirm"
            onClick={() => void signOutEverywhere()}
          >
            {t('account.sessions.yes')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('account.sessions.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" data-testid="logout-everywhere" onClick={() => setConfirming(true)}>
          {t('account.sessions.button')}
        </button>
      )}
    </section>
  );
}

/**
 * The signed-in person's own account: change the password, end every session. `residentSections`
 * are other features' sections for residents (push notifications), placed here by the app.
 */
export function AccountPage({ residentSections }: { residentSections?: ReactNode }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const resident = session.status === 'signed_in' && session.user.role === 'resident';
  return (
    <section className="account-page" aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      <PasskeysSection />
      {resident && residentSections}
      {resident && <KioskPinSection />}
      <ChangePasswordForm />
      <SignOutEverywhere />
    </section>
  );
}
