import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { warningOfHash } from '@contract/portal-links';
import type { Me } from '../api/auth';
import { ActingForSection } from '../features/acting/ActingForSection';
import { hashFor } from '../app/routes';
import { replaceHash, useHash } from '../app/useHash';
import { ResidentTabs } from '../features/family/ResidentTabs';
import { InboxSection } from '../features/inbox/InboxSection';
import { NoticeSettingsSection } from '../features/notices/NoticeSettingsSection';
import { ApplicationsPanel } from '../features/relief/ApplicationsPanel';
import '../styles/resident.css';

export function ResidentPortalPage({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [inboxUnread, setInboxUnread] = useState(0);
  // A warning's link (a tapped notification, an e-mail): the inbox opens at that warning.
  const linkedWarning = warningOfHash(useHash());
  const linkOpened = useCallback(() => replaceHash(hashFor('resident')), []);
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
        {/* What the portal is for, not an internal id a person cannot use anywhere. */}
        <p className="muted" data-testid="resident-intro">
          {user.residentId ? t('resident.intro') : t('resident.noResident')}
        </p>
      </section>
      {/* Family, Report, Inbox, Privacy, Access log: one tab bar; hidden tabs stay live. */}
      <ResidentTabs
        user={user}
        inbox={
          <InboxSection
            user={user}
            onUnreadChange={setInboxUnread}
            settings={<NoticeSettingsSection />}
            openAlertId={linkedWarning}
            onLinkOpened={linkOpened}
          />
        }
        applications={
          user.residentId ? (
            <>
              <ApplicationsPanel />
              {/* Designees someone allowed to act for them (代理) apply for that person here. */}
              <ActingForSection
                renderApplications={(applications) => <ApplicationsPanel applications={applications} />}
              />
            </>
          ) : null
        }
        inboxUnread={inboxUnread}
        showInbox={linkedWarning !== null}
      />
    </div>
  );
}
