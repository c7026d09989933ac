import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../i18n';
import { useLargeText } from './largeText';
import { hashFor, pagesFor, type PageId } from './routes';
import { useSession } from '../shared/session';

const LANGUAGE_NAMES: Record<Language, string> = { ja: '日本語', en: 'English' };

export function Header({ currentPage }: { currentPage: PageId | null }) {
  const { t, i18n } = useTranslation();
  const { session, logout } = useSession();
  const [largeText, setLargeText] = useLargeText();
  const user = session.status === 'signed_in' ? session.user : null;

  return (
    <header className="app-header" data-testid="app-header">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <div className="app-brand">
        <span className="app-title">{t('app.title')}</span>
        <span className="app-subtitle">{t('app.subtitle')}</span>
      </div>

      {user && (
        <nav className="app-nav" aria-label={t('header.navigation')}>
          {pagesFor(user.role).map((page) => (
            <a
              key={page}
              href={hashFor(page)}
              data-testid={`nav-${page}`}
              aria-current={page === currentPage ? 'page' : undefined}
            >
              {t(`nav.${page}`)}
            </a>
          ))}
        </nav>
      )}

      <div className="app-tools">
        <div role="group" aria-label={t('header.language')} className="segmented">
          {LANGUAGES.map((language) => (
            <button
              key={language}
              type="button"
              lang={language}
              data-testid={`lang-${language}`}
              aria-pressed={i18n.resolvedLanguage === language}
              onClick={() => changeLanguage(language)}
            >
              {LANGUAGE_NAMES[language]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="toggle"
          data-testid="large-text-toggle"
          aria-pressed={largeText}
          onClick={() => setLargeText(!largeText)}
        >
          {t('header.largeText')}
        </button>
        {user && (
          <div className="app-user">
            <span data-testid="current-user" data-role={user.role}>
              {t('header.signedInAs', { name: user.displayName })}
              <span className="app-role">{t(`role.${user.role}`)}</span>
            </span>
            <button type="button" data-testid="logout" onClick={() => void logout()}>
              {t('header.logout')}
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
