import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../shared/session';
import { errorMessageKey } from '../../shared/errorMessages';
import { PasskeySignIn } from './PasskeySignIn';
import '../../styles/login.css';

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const id = useId();
  const errorId = `${id}-error`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setErrorKey(null);
    try {
      await login(username.trim(), password);
    } catch (error) {
      setErrorKey(errorMessageKey(error));
      setSubmitting(false);
    }
  }

  return (
    <section className="login-page" aria-labelledby={`${id}-title`}>
      <form className="card login-form" data-testid="login-form" onSubmit={(event) => void onSubmit(event)}>
        <h1 id={`${id}-title`}>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <PasskeySignIn />
        <label htmlFor={`${id}-username`}>{t('login.username')}</label>
        <input
          id={`${id}-username`}
          name="username"
          data-testid="login-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={username}
          aria-describedby={errorKey ? errorId : undefined}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor={`${id}-password`}>{t('login.password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          data-testid="login-password"
          autoComplete="current-password"
          required
          value={password}
          aria-describedby={errorKey ? errorId : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        {errorKey && (
          <p
            id={errorId}
            className="form-error"
            role="alert"
            data-testid="login-error"
            data-error-key={errorKey}
          >
            {t(errorKey)}
          </p>
        )}
        <button type="submit" className="primary" data-testid="login-submit" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
