import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchNoticeSettings, saveNoticeSettings, type NoticeSettings } from '../../api/notices';
import { MUNICIPALITIES } from '../../shared/municipalities';
import { noticeErrorKey } from './noticeErrors';
import { formFromSettings, settingsInput, type SettingsForm } from './settingsForm';
import '../../styles/notices.css';

/** The resident's own choice: receive notices or not, and where they live now. */
export function NoticeSettingsSection() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<NoticeSettings | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [message, setMessage] = useState<{ error: string } | { saved: true } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchNoticeSettings(controller.signal).then(
      (loaded) => {
        setSettings(loaded);
        setForm(formFromSettings(loaded));
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setMessage({ error: noticeErrorKey(error) });
      },
    );
    return () => controller.abort();
  }, []);

  if (!form || !settings) {
    return message && 'error' in message ? <p role="alert">{t(message.error)}</p> : null;
  }
  const change = (patch: Partial<SettingsForm>) => {
    setForm({ ...form, ...patch });
    setMessage(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const input = settingsInput(form);
    if (typeof input === 'string') {
      setMessage({ error: input });
      return;
    }
    setSaving(true);
    try {
      const saved = await saveNoticeSettings(input);
      setSettings(saved);
      setForm(formFromSettings(saved));
      setMessage({ saved: true });
    } catch (error) {
      setMessage({ error: noticeErrorKey(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card notice-settings" data-testid="notice-settings" onSubmit={submit} noValidate>
      <h2>{t('notices.settings.title')}</h2>
      <label>
        <input
          type="checkbox"
          checked={form.consent}
          data-testid="notice-consent"
          onChange={(e) => change({ consent: e.target.checked })}
        />{' '}
        {t('notices.settings.consent')}
      </label>
      <p className="muted">{t('notices.settings.consentHelp')}</p>
      <fieldset>
        <legend>{t('notices.settings.livesNow')}</legend>
        {(['home', 'region', 'outside'] as const).map((where) => (
          <label key={where}>
            <input
              type="radio"
              name="notice-lives-now"
              checked={form.where === where}
              data-testid={`notice-lives-${where}`}
              onChange={() => change({ where })}
            />{' '}
            {t(`notices.settings.where.${where}`)}
          </label>
        ))}
        {form.where === 'region' && (
          <label>
            {t('notices.settings.municipality')}
            <select
              value={form.regionCode}
              data-testid="notice-lives-region-code"
              onChange={(e) => change({ regionCode: e.target.value })}
            >
              <option value="">{t('notices.settings.pick')}</option>
              {MUNICIPALITIES.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {form.where === 'outside' && (
          <>
            <label>
              {t('notices.settings.outsideCode')}
              <input
                inputMode="numeric"
                maxLength={5}
                value={form.outsideCode}
                data-testid="notice-lives-outside-code"
                onChange={(e) => change({ outsideCode: e.target.value })}
              />
            </label>
            <label>
              {t('notices.settings.outsideName')}
              <input
                value={form.outsideName}
                maxLength={100}
                data-testid="notice-lives-outside-name"
                onChange={(e) => change({ outsideName: e.target.value })}
              />
            </label>
          </>
        )}
        {form.where !== 'home' && (
          <label>
            {t('notices.settings.address')}
            <input
              value={form.address}
              maxLength={300}
              autoComplete="street-address"
              data-testid="notice-lives-address"
              onChange={(e) => change({ address: e.target.value })}
            />
          </label>
        )}
      </fieldset>
      {settings.evacuatedOutside && <p data-testid="notice-outside">{t('notices.settings.outsideNow')}</p>}
      <button type="submit" disabled={saving} data-testid="notice-settings-save">
        {t('notices.settings.save')}
      </button>
      {message && 'saved' in message && <p role="status">{t('notices.settings.saved')}</p>}
      {message && 'error' in message && (
        <p role="alert" className="form-error">
          {t(message.error)}
        </p>
      )}
    </form>
  );
}
