import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS } from '@contract/contacts/contacts.schema';
import { fetchContactSettings, type ContactPoint, type ContactSettings } from '../../api/contacts';
import { errorMessageKey } from '../../shared/errorMessages';
import { ContactChannelCard } from './ContactChannelCard';

/**
 * The resident's e-mail address and mobile number for warnings: each verified with a code sent to
 * it, used only with consent, and shown with what went wrong when a message bounced.
 */
export function NotificationSettings() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<ContactSettings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchContactSettings(controller.signal).then(setSettings, (error: unknown) => {
      if (!controller.signal.aborted) setLoadError(errorMessageKey(error));
    });
    return () => controller.abort();
  }, []);

  const replace = (channel: ContactPoint['channel'], point: ContactPoint | null) =>
    setSettings(
      (held) =>
        held && {
          ...held,
          points: [...held.points.filter((p) => p.channel !== channel), ...(point ? [point] : [])],
        },
    );

  return (
    <div className="notification-settings" data-testid="notification-settings">
      <p className="muted">{t('contacts.intro')}</p>
      {loadError && (
        <p className="error-text" role="alert">
          {t(loadError)}
        </p>
      )}
      {settings &&
        CONTACT_CHANNELS.map((channel) => (
          <ContactChannelCard
            key={channel}
            channel={channel}
            enabled={settings.channels[channel]}
            point={settings.points.find((p) => p.channel === channel) ?? null}
            consentVersion={settings.consentVersion}
            onChange={(point) => replace(channel, point)}
          />
        ))}
    </div>
  );
}
