import { useTranslation } from 'react-i18next';
import type { ApplicationEvent } from '../../api/relief';
import { formatTime } from '../../shared/time';

/** The application's history, oldest first: what changed, who did it, and why. */
export function StatusTimeline({ events }: { events: readonly ApplicationEvent[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card relief-timeline" aria-labelledby="relief-timeline-title">
      <h3 id="relief-timeline-title">{t('relief.timeline')}</h3>
      <ol data-testid="relief-timeline">
        {events.map((event, index) => (
          <li key={`${event.at}-${index}`} data-state={event.to} data-on-behalf={event.onBehalf ?? ''}>
            <strong>{t(`relief.state.${event.to}`)}</strong>{' '}
            <span className="muted">
              {t(`relief.actor.${event.actorRole}`)}
              {event.onBehalf && ` (${t(`relief.onBehalf.${event.onBehalf}`)})`} ·{' '}
              <time dateTime={event.at}>{formatTime(event.at, i18n.resolvedLanguage)}</time>
            </span>
            {event.reason && <p className="relief-reason">{event.reason}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
