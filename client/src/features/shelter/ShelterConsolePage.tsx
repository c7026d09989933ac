import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import { classifyOccupancy, OCCUPANCY_COLOURS } from '../../map/occupancy';
import { useLiveShelters } from '../shelters/useLiveShelters';
import { useShelters, useTotals } from '../shelters/useShelters';
import '../../styles/pages.css';

export function ShelterConsolePage({ user }: { user: Me }) {
  const { t } = useTranslation();
  const [shelters] = useShelters();
  const store = shelters.status === 'ready' ? shelters.store : null;
  useLiveShelters(store);
  // Subscribes the page to live changes so the cards below re-render with new numbers.
  useTotals(store);

  return (
    <div className="page shelter-console" data-testid="shelter-console">
      <h1 className="page-title">{t('shelter.title')}</h1>
      <section className="card" aria-labelledby="my-shelters-title">
        <h2 id="my-shelters-title">{t('shelter.myShelters')}</h2>
        {user.shelterIds.length === 0 ? (
          <p className="muted" data-testid="my-shelters-empty">
            {t('shelter.none')}
          </p>
        ) : (
          <ul className="shelter-list" data-testid="my-shelters">
            {user.shelterIds.map((id) => {
              const shelter = store?.get(id);
              if (!shelter) {
                return (
                  <li key={id} data-shelter-id={id}>
                    {shelters.status === 'loading' ? t('app.loading') : t('shelter.notLoaded', { id })}
                  </li>
                );
              }
              const occupancyClass = classifyOccupancy(shelter);
              return (
                <li key={id} data-shelter-id={id} data-testid="my-shelter">
                  <span
                    className="legend-swatch"
                    aria-hidden="true"
                    style={{ background: OCCUPANCY_COLOURS[occupancyClass].fill }}
                  />
                  <span className="shelter-name">{shelter.name}</span>
                  <span className="shelter-figures" data-testid="my-shelter-occupancy">
                    {shelter.capacity === null
                      ? t('shelter.occupancyOnly', { occupancy: shelter.occupancy })
                      : t('shelter.occupancyOfCapacity', {
                          occupancy: shelter.occupancy,
                          capacity: shelter.capacity,
                        })}
                  </span>
                  <span className="badge">{t(`occupancy.${occupancyClass}`)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section className="card placeholder" data-testid="checkin-placeholder">
        <p className="muted">{t('shelter.checkinPlaceholder')}</p>
      </section>
    </div>
  );
}
