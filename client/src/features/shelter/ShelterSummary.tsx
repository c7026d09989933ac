import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateShelter, type ShelterDetail } from '../../api/console';
import { ConfirmDialog } from './Modal';
import { useNotice } from './notices';
import { occupancyMeter } from './occupancyState';

interface ShelterSummaryProps {
  detail: ShelterDetail;
  onChange: (detail: ShelterDetail) => void;
}

/** Occupancy against capacity, the day/overnight split, people needing care, open/closed. */
export function ShelterSummary({ detail, onChange }: ShelterSummaryProps) {
  const { t, i18n } = useTranslation();
  const notice = useNotice();
  const [confirmClose, setConfirmClose] = useState(false);
  const [busy, setBusy] = useState(false);
  const [threshold, setThreshold] = useState(String(detail.fullThresholdPercent));
  const format = (value: number) => value.toLocaleString(i18n.resolvedLanguage);
  const meter = occupancyMeter(
    detail.occupancy.total,
    detail.capacity.indoor,
    detail.status,
    detail.fullThresholdPercent,
  );
  const isClosed = detail.status === 'closed';

  const save = async (
    change: { status?: 'open' | 'closed'; fullThresholdPercent?: number },
    done: string,
  ) => {
    setBusy(true);
    try {
      const updated = await updateShelter(detail.id, change);
      onChange(updated);
      setThreshold(String(updated.fullThresholdPercent));
      notice.success(done);
    } catch (error) {
      notice.failure(error);
    } finally {
      setBusy(false);
    }
  };

  const thresholdValue = Number(threshold);
  const thresholdValid = Number.isInteger(thresholdValue) && thresholdValue >= 1 && thresholdValue <= 200;

  return (
    <section
      className="card console-summary"
      aria-labelledby="console-summary-title"
      data-testid="console-summary"
    >
      <div className="console-heading">
        <h1
          id="console-summary-title"
          className="page-title console-title"
          data-testid="console-shelter-name"
        >
          {detail.name}
        </h1>
        <p className="muted">
          {detail.municipality.name}
          {detail.address && ` · ${detail.address}`}
        </p>
      </div>
      <div className={`occupancy-figure level-${meter.level}`}>
        <p className="occupancy-numbers">
          <span className="occupancy-label">{t('console.summary.inside')}</span>
          <span
            className="occupancy-total"
            data-testid="console-occupancy"
            data-occupancy={detail.occupancy.total}
            data-capacity={meter.capacity ?? ''}
          >
            {format(detail.occupancy.total)}
          </span>
          <span className="occupancy-capacity">
            {meter.capacity === null
              ? t('console.summary.capacityUnknown')
              : t('console.summary.ofCapacity', { capacity: format(meter.capacity) })}
          </span>
        </p>
        {meter.percent !== null && (
          <div
            className="occupancy-bar"
            role="meter"
            aria-label={t('console.summary.meterLabel')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.min(meter.percent, 100)}
            aria-valuetext={t('console.summary.percent', { percent: meter.percent })}
          >
            <span style={{ width: `${Math.min(meter.percent, 100)}%` }} />
          </div>
        )}
      </div>

      <dl className="console-stats">
        <div>
          <dt>{t('console.summary.status')}</dt>
          <dd>
            <span
              className={`status-pill status-${detail.status}`}
              data-testid="console-status"
              data-status={detail.status}
            >
              {t(`console.status.${detail.status}`)}
            </span>
            {isClosed && <span className="closed-hint">{t('console.summary.closedHint')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('console.stayType.day')}</dt>
          <dd data-testid="console-occupancy-day">{format(detail.occupancy.day)}</dd>
        </div>
        <div>
          <dt>{t('console.stayType.overnight')}</dt>
          <dd data-testid="console-occupancy-overnight">{format(detail.occupancy.overnight)}</dd>
        </div>
        <div>
          <dt>{t('console.summary.specialCare')}</dt>
          <dd data-testid="console-special-care">{format(detail.specialCareInside)}</dd>
        </div>
      </dl>

      <div className="console-summary-actions">
        {isClosed ? (
          <button
            type="button"
            className="primary big"
            disabled={busy}
            data-testid="console-open-shelter"
            onClick={() => void save({ status: 'open' }, t('console.summary.opened'))}
          >
            {t('console.summary.open')}
          </button>
        ) : (
          <button
            type="button"
            className="big"
            disabled={busy}
            data-testid="console-close-shelter"
            onClick={() => setConfirmClose(true)}
          >
            {t('console.summary.close')}
          </button>
        )}
        <details className="console-threshold">
          <summary>{t('console.summary.thresholdTitle')}</summary>
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (thresholdValid)
                void save({ fullThresholdPercent: thresholdValue }, t('console.summary.thresholdSaved'));
            }}
          >
            <label htmlFor="console-threshold">{t('console.summary.threshold')}</label>
            <input
              id="console-threshold"
              type="number"
              inputMode="numeric"
              min={1}
              max={200}
              value={threshold}
              aria-invalid={!thresholdValid}
              data-testid="console-threshold-input"
              onChange={(event) => setThreshold(event.target.value)}
            />
            <button type="submit" disabled={busy || !thresholdValid} data-testid="console-threshold-save">
              {t('console.common.save')}
            </button>
          </form>
        </details>
      </div>

      {confirmClose && (
        <ConfirmDialog
          title={t('console.summary.closeTitle')}
          message={t('console.summary.closeMessage', { people: detail.occupancy.total })}
          confirmLabel={t('console.summary.close')}
          danger
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            setConfirmClose(false);
            void save({ status: 'closed' }, t('console.summary.closed'));
          }}
        />
      )}
    </section>
  );
}
