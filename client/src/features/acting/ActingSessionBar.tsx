import { useTranslation } from 'react-i18next';
import type { ActingSession } from '../../api/acting';

/** Who is being acted for, until when and why; and the way out. */
export function ActingSessionBar({
  session,
  busy,
  onEnd,
}: {
  session: ActingSession;
  busy: boolean;
  onEnd: () => void;
}) {
  const { t, i18n } = useTranslation();
  const until = new Date(session.expiresAt).toLocaleTimeString(i18n.resolvedLanguage, {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <section
      className="card acting-bar"
      role="status"
      data-testid="acting-session"
      data-session-id={session.sessionId}
    >
      <strong>{t('acting.active', { name: session.name })}</strong>{' '}
      <span className="muted">{t('acting.until', { time: until, reason: session.reason })}</span>{' '}
      <button type="button" className="danger" disabled={busy} data-testid="acting-end" onClick={onEnd}>
        {t('acting.end')}
      </button>
    </section>
  );
}
