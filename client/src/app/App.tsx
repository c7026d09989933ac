import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LoginPage } from '../features/auth/LoginPage';
import { ResidentPortalPage } from '../pages/ResidentPortalPage';
import { ShelterConsolePage } from '../features/shelter/ShelterConsolePage';
import { ReviewQueuePage } from '../features/relief/ReviewQueuePage';
import { NoticesPage } from '../features/notices/NoticesPage';
import { AccountPage } from '../features/account/AccountPage';
import { EnrolPage } from '../features/enrolment/EnrolPage';
import { VisitsPage } from '../features/visits/VisitsPage';
import { IssueCodesPage } from '../pages/IssueCodesPage';
import { ActingPage } from '../pages/ActingPage';
import { KioskPage } from '../pages/KioskPage';
import { NotificationSettingsPage } from '../pages/NotificationSettingsPage';
import { isKioskHash } from '../shared/kioskDevice';
import { codeFromHash, isEnrolHash } from '../shared/enrolLink';
import { errorMessageKey } from '../shared/errorMessages';
import type { Me } from '../api/auth';
import { Header } from './Header';
import { hashFor, parseHash, resolvePage, type PageId } from './routes';
import { useSession } from '../shared/session';
import { replaceHash, useHash } from './useHash';

// Leaflet and the bundled boundaries are only loaded by people who open the map.
const HqMapPage = lazy(() => import('../pages/HqMapPage').then((module) => ({ default: module.HqMapPage })));

function Page({ page, user }: { page: PageId; user: Me }) {
  switch (page) {
    case 'hq':
      return <HqMapPage />;
    case 'shelter':
      return <ShelterConsolePage user={user} />;
    case 'resident':
      return <ResidentPortalPage user={user} />;
    case 'review':
      return <ReviewQueuePage />;
    case 'notices':
      return <NoticesPage />;
    case 'enrolment':
      return <IssueCodesPage user={user} />;
    case 'visits':
      return <VisitsPage />;
    case 'acting':
      return <ActingPage />;
    case 'account':
      return <AccountPage />;
    case 'settings':
      return <NotificationSettingsPage />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { session, reload } = useSession();
  const hash = useHash();
  const requested = parseHash(hash);
  // The public enrolment page (from a QR code or a letter) is shown whoever is signed in.
  const enrolling = isEnrolHash(hash);
  // A shelter PC in kiosk mode: residents sign in there with card + PIN, nothing else is shown.
  const kiosk = isKioskHash(hash);
  const page =
    session.status === 'signed_in' && !enrolling && !kiosk ? resolvePage(requested, session.user.role) : null;

  // Keep the address bar honest: it always names the page actually shown.
  useEffect(() => {
    if (enrolling || kiosk) return;
    if (session.status === 'anonymous') replaceHash(hashFor('login'));
    // A link into the page it names (`#/resident/warning/<id>`) keeps its rest.
    else if (page !== null && requested !== page) replaceHash(hashFor(page));
  }, [session.status, page, hash, enrolling, kiosk]);

  if (kiosk) {
    return (
      <main id="main" tabIndex={-1} className="app-main">
        <KioskPage />
      </main>
    );
  }

  return (
    <div className={`app-shell page-${page ?? session.status}`}>
      <Header currentPage={page} />
      <main id="main" tabIndex={-1} className="app-main">
        {session.status === 'loading' && (
          <p className="status-message" role="status">
            {t('app.loading')}
          </p>
        )}
        {session.status === 'unreachable' && (
          <div className="status-message" role="alert">
            <p>{t(errorMessageKey(session.error))}</p>
            <button type="button" onClick={reload}>
              {t('hq.retry')}
            </button>
          </div>
        )}
        {enrolling && (session.status === 'anonymous' || session.status === 'signed_in') && (
          <EnrolPage initialCode={codeFromHash(hash)} onDone={() => replaceHash(hashFor('resident'))} />
        )}
        {!enrolling && session.status === 'anonymous' && <LoginPage />}
        {session.status === 'signed_in' && page !== null && (
          <Suspense
            fallback={
              <p className="status-message" role="status">
                {t('app.loading')}
              </p>
            }
          >
            <Page page={page} user={session.user} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
