import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/auth';
import type { Occupant } from '../../api/console';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { BindCardDialog, type UnknownTapRef } from './BindCardDialog';
import { ManualCheckinDialog, WalkInDialog } from './CheckinDialogs';
import { consoleErrorKey } from './consoleErrors';
import { formatTapTime } from './format';
import { OccupantDialog } from './OccupantDialog';
import { OccupantList } from './OccupantList';
import { KiosksPanel } from './KiosksPanel';
import { ReadersPanel } from './ReadersPanel';
import { ShelterSummary } from './ShelterSummary';
import { SimulatedReaderPanel } from './SimulatedReaderPanel';
import { TapLog } from './TapLog';
import { UnknownCards } from './UnknownCards';
import { useShelterConsole } from './useShelterConsole';
import { useSimulatedReader } from './useSimulatedReader';

const TABS = ['reception', 'people', 'readers'] as const;
type Tab = (typeof TABS)[number];

type OpenDialog =
  | { kind: 'bind'; tap: UnknownTapRef }
  | { kind: 'occupant'; occupant: Occupant }
  | { kind: 'manual' }
  | { kind: 'walk_in' }
  | null;

interface ConsoleWorkspaceProps {
  shelterId: string;
  user: Me;
  shelters: readonly Shelter[];
}

/** The console for one shelter: counts on top, then reception, people inside and readers. */
export function ConsoleWorkspace({ shelterId, user, shelters }: ConsoleWorkspaceProps) {
  const { t, i18n } = useTranslation();
  const staffHere = user.shelterIds.includes(shelterId);
  const data = useShelterConsole(shelterId, staffHere);
  const simulator = useSimulatedReader(shelterId);
  const [tab, setTab] = useState<Tab>('reception');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const close = () => setDialog(null);

  const transferTargets = useMemo(
    () => shelters.filter((shelter) => shelter.id !== shelterId && shelter.status === 'open'),
    [shelters, shelterId],
  );
  // Staff may only move readers between their own shelters; HQ and admins anywhere.
  const moveTargets = useMemo(
    () =>
      shelters.filter(
        (shelter) =>
          shelter.id !== shelterId && (user.role !== 'shelter_staff' || user.shelterIds.includes(shelter.id)),
      ),
    [shelters, shelterId, user],
  );

  const changed = (occupancy: Parameters<typeof data.applyOccupancy>[0]) => {
    data.applyOccupancy(occupancy);
    data.rosterChanged();
  };

  if (data.detail.status === 'loading') {
    return (
      <p className="status-message" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (data.detail.status === 'failed') {
    return (
      <div className="card" role="alert" data-testid="console-load-error">
        <p>{t(consoleErrorKey(data.detail.error))}</p>
        <button type="button" onClick={data.reload}>
          {t('hq.retry')}
        </button>
      </div>
    );
  }
  const detail = data.detail.detail;
  const unknownCount = new Set(data.unknownCards.map((tap) => tap.cardRef)).size;

  return (
    <>
      <ShelterSummary key={detail.id} detail={detail} onChange={data.setDetail} />

      <div
        className="tabs console-tabs"
        role="tablist"
        aria-label={t('console.tabs.label')}
        onKeyDown={(event) => {
          // Arrow keys move between tabs, as the ARIA tabs pattern expects.
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (step === 0) return;
          const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]!;
          setTab(next);
          document.getElementById(`console-tab-${next}`)?.focus();
        }}
      >
        {TABS.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`console-tab-${value}`}
            aria-selected={tab === value}
            tabIndex={tab === value ? 0 : -1}
            aria-controls={`console-panel-${value}`}
            data-testid={`console-tab-${value}`}
            onClick={() => setTab(value)}
          >
            {t(`console.tabs.${value}`)}
            {value === 'reception' && unknownCount > 0 && (
              <span
                className="count-badge warn"
                aria-label={t('console.unknown.waiting', { n: unknownCount })}
              >
                {unknownCount}
              </span>
            )}
            {value === 'people' && <span className="count-badge">{detail.occupancy.total}</span>}
          </button>
        ))}
      </div>

      <div
        role="tabpanel"
        id={`console-panel-${tab}`}
        aria-labelledby={`console-tab-${tab}`}
        className={`console-grid tab-${tab}`}
      >
        {tab === 'reception' && (
          <>
            <div className="console-column">
              <UnknownCards
                taps={data.unknownCards}
                onBind={(tap) =>
                  setDialog({
                    kind: 'bind',
                    tap: { eventId: tap.eventId, label: t('console.unknown.card', { ref: tap.cardRef }) },
                  })
                }
              />
              <TapLog
                tapLog={data.tapLog}
                live={data.live}
                onBind={(tap) =>
                  setDialog({
                    kind: 'bind',
                    tap: {
                      eventId: tap.eventId,
                      label: formatTapTime(tap.tappedAt, i18n.resolvedLanguage, new Date()),
                    },
                  })
                }
              />
            </div>
            <div className="console-column">
              <SimulatedReaderPanel
                shelterId={shelterId}
                readers={data.readers}
                simulator={simulator}
                onReadersChanged={data.reloadReaders}
              />
            </div>
          </>
        )}
        {tab === 'people' && (
          <OccupantList
            shelterId={shelterId}
            rosterVersion={data.rosterVersion}
            onManage={(occupant) => setDialog({ kind: 'occupant', occupant })}
            onManualCheckin={() => setDialog({ kind: 'manual' })}
            onWalkIn={() => setDialog({ kind: 'walk_in' })}
          />
        )}
        {tab === 'readers' && <KiosksPanel shelterId={shelterId} />}
        {tab === 'readers' && (
          <ReadersPanel
            shelterId={shelterId}
            readers={data.readers}
            moveTargets={moveTargets}
            onChanged={data.reloadReaders}
            onUseInSimulator={(issued) => {
              simulator.use(issued.deviceKey);
              setTab('reception');
            }}
          />
        )}
      </div>

      {dialog?.kind === 'bind' && (
        <BindCardDialog shelterId={shelterId} tap={dialog.tap} onClose={close} onOccupancy={changed} />
      )}
      {dialog?.kind === 'occupant' && (
        <OccupantDialog
          shelterId={shelterId}
          occupant={dialog.occupant}
          transferTargets={transferTargets}
          onClose={close}
          onChanged={changed}
        />
      )}
      {dialog?.kind === 'manual' && (
        <ManualCheckinDialog shelterId={shelterId} onClose={close} onChanged={changed} />
      )}
      {dialog?.kind === 'walk_in' && (
        <WalkInDialog shelterId={shelterId} onClose={close} onChanged={changed} />
      )}
    </>
  );
}
