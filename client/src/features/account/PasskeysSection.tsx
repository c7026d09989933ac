import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addPasskey, listPasskeys, removePasskey, type Passkey } from '../../api/enrolment';
import { enrolmentErrorKey } from '../../shared/enrolmentErrors';

/** The account's passkeys: one per device the person uses; the last way in cannot be removed. */
export function PasskeysSection() {
  const { t, i18n } = useTranslation();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    listPasskeys().then(
      (list) => live && setPasskeys(list),
      (error: unknown) => live && setErrorKey(enrolmentErrorKey(error)),
    );
    return () => {
      live = false;
    };
  }, []);

  async function act(work: () => Promise<Passkey[]>) {
    setBusy(true);
    setErrorKey(null);
    try {
      setPasskeys(await work());
    } catch (error) {
      setErrorKey(enrolmentErrorKey(error));
    } finally {
      setBusy(false);
    }
  }

  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.resolvedLanguage);
  return (
    <section className="card" aria-labelledby="passkeys-title" data-testid="passkeys">
      <h2 id="passkeys-title">{t('enrolment.passkeys.title')}</h2>
      <p className="muted">{t('enrolment.passkeys.explain')}</p>
      {passkeys?.length === 0 && <p className="muted">{t('enrolment.passkeys.none')}</p>}
      {passkeys && passkeys.length > 0 && (
        <ul className="plain-list passkey-list">
          {passkeys.map((passkey) => (
            <li key={passkey.id} data-testid="passkey-item">
              <span>
                {t('enrolment.passkeys.item', { created: date(passkey.createdAt) })}
                {passkey.lastUsedAt &&
                  ` · ${t('enrolment.passkeys.lastUsed', { date: date(passkey.lastUsedAt) })}`}
              </span>
              <button
                type="button"
                disabled={busy}
                data-testid="passkey-remove"
                onClick={() =>
                  void act(async () => {
                    await removePasskey(passkey.id);
                    return listPasskeys();
                  })
                }
              >
                {t('enrolment.passkeys.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" data-testid="passkey-add" disabled={busy} onClick={() => void act(addPasskey)}>
        {t('enrolment.passkeys.add')}
      </button>
      {errorKey && (
        <p className="form-error" role="alert" data-testid="passkeys-error" data-error-key={errorKey}>
          {t(errorKey)}
        </p>
      )}
    </section>
  );
}
