import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import '../../styles/resident.css';

const SECTIONS = [
  { id: 'safety', title: 'resident.safety', body: 'resident.safetyPlaceholder' },
  { id: 'family', title: 'resident.family', body: 'resident.familyPlaceholder' },
  { id: 'inbox', title: 'resident.inbox', body: 'resident.inboxPlaceholder' },
] as const;

export function ResidentPortalPage({ user }: { user: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page resident-portal" data-testid="resident-portal">
      <h1 className="page-title">{t('resident.title')}</h1>
      <section
        className="card resident-summary"
        data-testid="resident-summary"
        aria-labelledby="summary-title"
      >
        <h2 id="summary-title">{t('resident.summary')}</h2>
        <p className="resident-greeting">{t('resident.greeting', { name: user.displayName })}</p>
        <p className="muted" data-testid="resident-id">
          {user.residentId ? t('resident.residentId', { id: user.residentId }) : t('resident.noResident')}
        </p>
      </section>
      {SECTIONS.map((section) => (
        <section
          key={section.id}
          className="card placeholder"
          data-testid={`resident-${section.id}`}
          aria-labelledby={`resident-${section.id}-title`}
        >
          <h2 id={`resident-${section.id}-title`}>{t(section.title)}</h2>
          <p className="muted">{t(section.body)}</p>
        </section>
      ))}
    </div>
  );
}
