import { useTranslation } from 'react-i18next';
import type { UnknownCardTap } from '../../api/console';
import { formatTapTime } from './format';
import { groupUnknownCards } from './unknownCards';

interface UnknownCardsProps {
  taps: UnknownCardTap[];
  onBind: (tap: UnknownCardTap) => void;
}

/** Cards nobody is bound to yet; each waits until staff bind it to a person or register a walk-in. */
export function UnknownCards({ taps, onBind }: UnknownCardsProps) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const cards = groupUnknownCards(taps);
  return (
    <section
      className={`card console-panel unknown-cards${cards.length > 0 ? ' has-items' : ''}`}
      aria-labelledby="unknown-cards-title"
      data-testid="unknown-cards"
      data-count={cards.length}
    >
      <h2 id="unknown-cards-title">
        {t('console.unknown.title')} <span className="count-badge">{cards.length}</span>
      </h2>
      {cards.length === 0 ? (
        <p className="muted">{t('console.unknown.none')}</p>
      ) : (
        <ul className="plain-list">
          {cards.map(({ latest: tap, taps: count }) => (
            <li
              key={tap.eventId}
              className="unknown-card-row"
              data-testid="unknown-card"
              data-event-id={tap.eventId}
              data-card-ref={tap.cardRef}
            >
              <span>
                <strong>{t('console.unknown.card', { ref: tap.cardRef })}</strong>
                <span className="muted">
                  {' '}
                  {formatTapTime(tap.tappedAt, i18n.resolvedLanguage, now)} · {tap.readerName}
                  {count > 1 && ` · ${t('console.unknown.tapCount', { n: count })}`}
                </span>
              </span>
              <button
                type="button"
                className="primary"
                data-testid="unknown-card-bind"
                onClick={() => onBind(tap)}
              >
                {t('console.unknown.bind')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
