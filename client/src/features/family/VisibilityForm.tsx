import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchPrivacy,
  updatePrivacy,
  VISIBILITIES,
  type PrivacySettings,
  type Visibility,
} from '../../api/family';
import { familyErrorKey } from './familyErrors';

/** Who may see my whereabouts, and consent to passing my safety record on (PFIF). */
export function VisibilityForm() {
  const { t } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState<PrivacySettings | null>(null);
  const [visibility, setVisibility] = useState<Visibility>('household_and_designees');
  const [disclose, setDisclose] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchPrivacy(controller.signal)
      .then((settings) => {
        setSaved(settings);
        setVisibility(settings.whereaboutsVisibility);
        setDisclose(settings.discloseSafety);
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause);
      });
    return () => controller.abort();
  }, []);

  const changed =
    saved !== null && (saved.whereaboutsVisibility !== visibility || saved.discloseSafety !== disclose);

  async function save() {
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const settings = await updatePrivacy({ whereaboutsVisibility: visibility, discloseSafety: disclose });
      setSaved(settings);
      setDone(true);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="privacy-settings">
      <h2 id={`${id}-title`}>{t('family.privacy.title')}</h2>
      {saved === null && error === null && <p className="muted">{t('family.common.loading')}</p>}
      {saved !== null && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <fieldset className="choice-group">
            <legend>{t('family.privacy.visibilityLegend')}</legend>
            {VISIBILITIES.map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`${id}-visibility`}
                  value={value}
                  checked={visibility === value}
                  data-testid={`privacy-visibility-${value}`}
                  onChange={() => {
                    setVisibility(value);
                    setDone(false);
                  }}
                />
                <span>
                  {t(`family.visibility.${value}`)}
                  <span className="muted small block">{t(`family.visibilityHint.${value}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {saved.minor && (
            <p className="notice" data-testid="privacy-minor">
              {t('family.privacy.minor')}
            </p>
          )}
          <label className="choice consent">
            <input
              type="checkbox"
              checked={disclose}
              data-testid="privacy-disclose"
              aria-describedby={`${id}-disclose-hint`}
              onChange={(event) => {
                setDisclose(event.target.checked);
                setDone(false);
              }}
            />
            <span>
              {t('family.privacy.disclose')}
              <span id={`${id}-disclose-hint`} className="muted small block">
                {t('family.privacy.discloseHint')}
              </span>
            </span>
          </label>
          <button
            type="submit"
            className="primary wide-button"
            disabled={busy || !changed}
            data-testid="privacy-save"
          >
            {t('family.privacy.save')}
          </button>
        </form>
      )}
      <div aria-live="polite">
        {done && (
          <p className="report-status" data-testid="privacy-saved">
            {t('family.privacy.saved')}
          </p>
        )}
      </div>
      {error !== null && (
        <p className="form-error" role="alert" data-testid="privacy-error">
          {t(familyErrorKey(error))}
        </p>
      )}
    </section>
  );
}
