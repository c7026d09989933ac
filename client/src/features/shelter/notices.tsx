import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { consoleErrorKey } from './consoleErrors';

export interface Notice {
  tone: 'success' | 'error';
  text: string;
  /** Distinguishes two equal messages in a row, so the second is announced too. */
  id: number;
}

interface NoticeApi {
  success: (text: string) => void;
  /** Explains an API or protocol error in the reader's language. */
  failure: (error: unknown) => void;
}

const NoticeContext = createContext<NoticeApi | null>(null);
const NOTICE_MS = 6000;

/** One live region for the outcome of every console action, announced to screen readers. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const timer = window.setTimeout(() => setNotice(null), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const success = useCallback((text: string) => setNotice({ tone: 'success', text, id: Date.now() }), []);
  const failure = useCallback(
    (error: unknown) => setNotice({ tone: 'error', text: t(consoleErrorKey(error)), id: Date.now() }),
    [t],
  );
  const value = useMemo(() => ({ success, failure }), [success, failure]);

  return (
    <NoticeContext.Provider value={value}>
      <div className="console-notice-region" aria-live="polite" role="status">
        {notice && (
          <div
            key={notice.id}
            className={`console-notice is-${notice.tone}`}
            data-testid="console-notice"
            data-tone={notice.tone}
          >
            <span>{notice.text}</span>
            <button
              type="button"
              className="icon-button"
              aria-label={t('console.common.close')}
              onClick={() => setNotice(null)}
            >
              ×
            </button>
          </div>
        )}
      </div>
      {children}
    </NoticeContext.Provider>
  );
}

export function useNotice(): NoticeApi {
  const value = useContext(NoticeContext);
  if (!value) throw new Error('useNotice must be used inside NoticeProvider');
  return value;
}
