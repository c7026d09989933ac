import { useTranslation } from 'react-i18next';
import { errorMessageKey } from '@client/shared/errorMessages';
import { OccupancyChart } from './OccupancyChart';
import type { Timeline } from './useTimeline';

const formatAt = (iso: string, language: string | undefined) =>
  new Date(iso).toLocaleString(language, {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Replay of Nanao's 2024 shelter occupancy: open, scrub with the slider, play, back to live. */
export function TimelinePanel({ timeline }: { timeline: Timeline }) {
  const { t, i18n } = useTranslation();
  const { load, index, playing } = timeline;
  const data = load.status === 'ready' ? load.timeline : null;
  const snapshot = data && index !== null ? data.snapshots[index] : undefined;
  const totals = data?.snapshots.map((s) => s.mapped) ?? [];

  return (
    <section
      className="timeline-panel"
      aria-labelledby="timeline-title"
      data-testid="timeline-panel"
      data-mode={index === null ? 'live' : 'replay'}
      data-index={index ?? ''}
    >
      <h2 id="timeline-title">{t('hqmap.timeline.title')}</h2>
      {index === null && (
        <button
          type="button"
          data-testid="timeline-open"
          disabled={load.status === 'loading'}
          onClick={timeline.open}
        >
          {load.status === 'loading' ? t('app.loading') : t('hqmap.timeline.open')}
        </button>
      )}
      {load.status === 'failed' && (
        <p className="warning-error" role="alert">
          {t('hqmap.timeline.loadFailed')} {t(errorMessageKey(load.error))}
        </p>
      )}
      {data && index !== null && snapshot && (
        <>
          <p className="timeline-now" role="status" data-testid="timeline-now" data-label={snapshot.label}>
            <strong>{formatAt(snapshot.at, i18n.resolvedLanguage)}</strong>{' '}
            <span className="muted">
              {t('hqmap.timeline.position', { current: index + 1, count: data.snapshots.length })}
            </span>
          </p>
          <OccupancyChart
            values={totals}
            marker={index}
            label={t('hqmap.timeline.chartLabel', { people: snapshot.mapped })}
          />
          <label className="timeline-slider">
            <span className="hqmap-visually-hidden">{t('hqmap.timeline.slider')}</span>
            <input
              type="range"
              min={0}
              max={data.snapshots.length - 1}
              step={1}
              value={index}
              data-testid="timeline-slider"
              aria-valuetext={formatAt(snapshot.at, i18n.resolvedLanguage)}
              onChange={(event) => timeline.show(Number(event.currentTarget.value))}
            />
          </label>
          <dl className="totals">
            <div className="totals-row">
              <dt>{t('hqmap.timeline.people')}</dt>
              <dd data-testid="timeline-people" data-value={snapshot.mapped}>
                {snapshot.mapped.toLocaleString(i18n.resolvedLanguage)}
              </dd>
            </div>
          </dl>
          <div className="warning-row">
            {playing ? (
              <button type="button" data-testid="timeline-pause" onClick={timeline.pause}>
                {t('hqmap.timeline.pause')}
              </button>
            ) : (
              <button type="button" data-testid="timeline-play" onClick={timeline.play}>
                {t('hqmap.timeline.play')}
              </button>
            )}
            <button type="button" className="primary" data-testid="timeline-live" onClick={timeline.goLive}>
              {t('hqmap.timeline.live')}
            </button>
          </div>
          <p className="warning-help">
            {t('hqmap.timeline.source', { total: snapshot.total.toLocaleString(i18n.resolvedLanguage) })}
          </p>
        </>
      )}
    </section>
  );
}
