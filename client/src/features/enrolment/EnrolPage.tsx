import { pinProblems } from '@contract/kiosk/pin-rules';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  claimAccount,
  createPasskey,
  startClaim,
  type ClaimedAccount,
  type StartedClaim,
} from '../../api/enrolment';
import { enrolmentErrorKey } from '../../shared/enrolmentErrors';
import { useSession } from '../../shared/session';
import '../../styles/login.css';
import '../../styles/enrolment.css';

type Step =
  | { name: 'code' }
  | { name: 'choose'; started: StartedClaim }
  | { name: 'done'; claimed: ClaimedAccount; withPassword: boolean };

/** The contract's PIN format (kiosk.schema.ts); the server also refuses easily guessed ones. */
const PIN_FORMAT = /^[0-9]{4,8}$/;

/** Matches the server's rule (password-policy.ts); the server still decides. */
const MIN_PASSWORD = 12;

/**
 * The public page a letter's or a shelter's QR code opens: code and birth date, then a passkey
 * and/or a password. Made for a phone held in one hand.
 */
export function EnrolPage({ initialCode, onDone }: { initialCode: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initialCode);
  const [birthDate, setBirthDate] = useState('');
  const [step, setStep] = useState<Step>({ name: 'code' });
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setErrorKey(null);
    try {
      await work();
    } catch (error) {
      setErrorKey(enrolmentErrorKey(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="login-page enrol-page" data-testid="enrol-page" data-step={step.name}>
      <div className="card login-form">
        <h1>
          {t(
            step.name === 'done' && step.claimed.recovered
              ? 'enrolment.claim.recoveredTitle'
              : step.name === 'done'
                ? 'enrolment.claim.doneTitle'
                : 'enrolment.claim.title',
          )}
        </h1>
        {step.name === 'code' && (
          <CodeForm
            code={code}
            birthDate={birthDate}
            busy={busy}
            onCode={setCode}
            onBirthDate={setBirthDate}
            onSubmit={() =>
              run(async () => setStep({ name: 'choose', started: await startClaim(code, birthDate) }))
            }
          />
        )}
        {step.name === 'choose' && (
          <ChooseSignIn
            started={step.started}
            birthDate={birthDate}
            busy={busy}
            onBack={() => {
              setErrorKey(null);
              setStep({ name: 'code' });
            }}
            onPasswordProblem={setErrorKey}
            onClaim={(password, withPasskey, kioskPin) =>
              run(async () => {
                const passkey = withPasskey ? await createPasskey(step.started.passkeyOptions) : undefined;
                const claimed = await claimAccount({
                  code,
                  birthDate,
                  ...(password ? { password } : {}),
                  ...(passkey ? { passkey } : {}),
                  ...(kioskPin ? { kioskPin } : {}),
                });
                setStep({ name: 'done', claimed, withPassword: password !== '' });
              })
            }
          />
        )}
        {step.name === 'done' && (
          <Done claimed={step.claimed} withPassword={step.withPassword} onDone={onDone} />
        )}
        {errorKey && (
          <p className="form-error" role="alert" data-testid="enrol-error" data-error-key={errorKey}>
            {t(errorKey)}
          </p>
        )}
      </div>
    </section>
  );
}

function CodeForm(props: {
  code: string;
  birthDate: string;
  busy: boolean;
  onCode: (code: string) => void;
  onBirthDate: (date: string) => void;
  onSubmit: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void props.onSubmit();
  };
  return (
    <form data-testid="enrol-code-form" onSubmit={submit}>
      <p className="muted">{t('enrolment.claim.intro')}</p>
      <label htmlFor={`${id}-code`}>{t('enrolment.claim.code')}</label>
      <input
        id={`${id}-code`}
        className="enrol-code-input"
        data-testid="enrol-code"
        autoComplete="one-time-code"
        autoCapitalize="characters"
        spellCheck={false}
        required
        maxLength={64}
        aria-describedby={`${id}-code-hint`}
        value={props.code}
        onChange={(event) => props.onCode(event.target.value)}
      />
      <small id={`${id}-code-hint`} className="muted">
        {t('enrolment.claim.codeHint')}
      </small>
      <label htmlFor={`${id}-birth`}>{t('enrolment.claim.birthDate')}</label>
      <input
        id={`${id}-birth`}
        type="date"
        data-testid="enrol-birthdate"
        autoComplete="bday"
        required
        value={props.birthDate}
        onChange={(event) => props.onBirthDate(event.target.value)}
      />
      <button type="submit" className="primary" data-testid="enrol-next" disabled={props.busy}>
        {props.busy ? t('enrolment.claim.checking') : t('enrolment.claim.next')}
      </button>
    </form>
  );
}

function ChooseSignIn(props: {
  started: StartedClaim;
  /** As typed on the first step: a PIN must not be the person's birth date. */
  birthDate: string;
  busy: boolean;
  onBack: () => void;
  onPasswordProblem: (key: string) => void;
  onClaim: (password: string, withPasskey: boolean, kioskPin: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [kioskPin, setKioskPin] = useState('');

  const claim = (withPasskey: boolean) => {
    if (password !== '' || !withPasskey) {
      if ([...password].length < MIN_PASSWORD)
        return props.onPasswordProblem('enrolment.errors.weak_password');
      if (password !== repeat) return props.onPasswordProblem('enrolment.errors.mismatch');
    }
    if (kioskPin !== '' && !PIN_FORMAT.test(kioskPin)) {
      return props.onPasswordProblem('enrolment.errors.pin_format');
    }
    // Checked here too, before a passkey is made: a refusal after it would leave the device
    // holding a passkey the server never registered.
    if (kioskPin !== '' && pinProblems(kioskPin, props.birthDate).length > 0) {
      return props.onPasswordProblem('enrolment.errors.weak_pin');
    }
    void props.onClaim(password, withPasskey, kioskPin);
  };

  return (
    <div data-testid="enrol-choose">
      <p className="enrol-welcome" data-testid="enrol-welcome">
        {t('enrolment.claim.welcome', { name: props.started.displayName })}
      </p>
      {props.started.recovery && (
        <p className="inbox-banner" data-testid="enrol-recovery">
          {t('enrolment.claim.recoveryIntro')}
        </p>
      )}
      <p className="muted">{t('enrolment.claim.chooseIntro')}</p>
      <fieldset className="enrol-password">
        <legend>{t('enrolment.claim.pinTitle')}</legend>
        <small id={`${id}-pin-hint`} className="muted">
          {t('enrolment.claim.pinHint')}
        </small>
        <label htmlFor={`${id}-pin`}>{t('enrolment.claim.pin')}</label>
        <input
          id={`${id}-pin`}
          type="password"
          inputMode="numeric"
          maxLength={8}
          data-testid="enrol-kiosk-pin"
          autoComplete="off"
          aria-describedby={`${id}-pin-hint`}
          value={kioskPin}
          onChange={(event) => setKioskPin(event.target.value.trim())}
        />
      </fieldset>
      <button
        type="button"
        className="primary"
        data-testid="enrol-passkey"
        disabled={props.busy}
        onClick={() => claim(true)}
      >
        {props.busy ? t('enrolment.claim.working') : t('enrolment.claim.passkey')}
      </button>
      <fieldset className="enrol-password">
        <legend>{t('enrolment.claim.passwordTitle')}</legend>
        <small id={`${id}-hint`} className="muted">
          {t('enrolment.claim.passwordHint')}
        </small>
        <label htmlFor={`${id}-password`}>{t('enrolment.claim.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          data-testid="enrol-password"
          autoComplete="new-password"
          aria-describedby={`${id}-hint`}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <label htmlFor={`${id}-repeat`}>{t('enrolment.claim.repeat')}</label>
        <input
          id={`${id}-repeat`}
          type="password"
          data-testid="enrol-password-repeat"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <button
          type="button"
          data-testid="enrol-password-only"
          disabled={props.busy}
          onClick={() => claim(false)}
        >
          {t('enrolment.claim.passwordOnly')}
        </button>
      </fieldset>
      <button type="button" className="link-button" onClick={props.onBack}>
        {t('enrolment.claim.back')}
      </button>
    </div>
  );
}

function Done({
  claimed,
  withPassword,
  onDone,
}: {
  claimed: ClaimedAccount;
  withPassword: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { enter } = useSession();
  return (
    <div data-testid="enrol-done">
      {withPassword && (
        <>
          <p>{t('enrolment.claim.usernameIntro')}</p>
          <p className="enrol-username" data-testid="enrol-username">
            {claimed.username}
          </p>
        </>
      )}
      {!withPassword && <p>{t('enrolment.claim.passkeyDone')}</p>}
      <button
        type="button"
        className="primary"
        data-testid="enrol-continue"
        onClick={() => {
          enter(claimed.user);
          onDone();
        }}
      >
        {t('enrolment.claim.continue')}
      </button>
    </div>
  );
}
