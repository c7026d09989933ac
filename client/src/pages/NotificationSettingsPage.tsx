import { useTranslation } from 'react-i18next';
import { NotificationSettings } from '../features/notifications/NotificationSettings';
import { PushDevices } from '../features/notifications/PushDevices';
import '../styles/account.css';

/**
 * How warnings reach the resident when the app is closed (#/settings/notifications): this
 * device's push notifications first, then e-mail and SMS.
 */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  return (
    <section className="account-page" aria-labelledby="notification-settings-title">
      <h1 id="notification-settings-title">{t('contacts.title')}</h1>
      <PushDevices />
      <NotificationSettings />
    </section>
  );
}
