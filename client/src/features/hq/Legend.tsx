import { useTranslation } from 'react-i18next';
import { OCCUPANCY_CLASSES, OCCUPANCY_COLOURS } from '../../map/occupancy';

export function Legend() {
  const { t } = useTranslation();
  return (
    // A disclosure, so people on small screens can fold it away from the map.
    <details className="map-legend" data-testid="map-legend" open>
      <summary>{t('hq.legend.title')}</summary>
      <ul>
        {OCCUPANCY_CLASSES.map((occupancyClass) => (
          <li key={occupancyClass} data-occupancy-class={occupancyClass}>
            <span
              className="legend-swatch"
              aria-hidden="true"
              style={{
                background: OCCUPANCY_COLOURS[occupancyClass].fill,
                borderColor: OCCUPANCY_COLOURS[occupancyClass].stroke,
              }}
            />
            {t(`occupancy.${occupancyClass}`)}
          </li>
        ))}
        <li data-testid="legend-full-badge">
          <span className="legend-badge" aria-hidden="true">
            1
          </span>
          {t('hq.legend.fullBadge')}
        </li>
      </ul>
    </details>
  );
}
