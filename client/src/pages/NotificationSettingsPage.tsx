import { useTranslation } from 'react-i18next';
import { NotificationSettings } from '../features/notifications/NotificationSettings';
import '../styles/account.css';

/** How warnings reach the resident when the app is closed (#/settings/notifications). */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  return (
    <section className="account-page" aria-labelledby="notification-settings-title">
      <h1 id="notification-settings-title">{t('contacts.title')}</h1>
      <NotificationSettings />
    </section>
  );
}
