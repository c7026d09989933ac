import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  READER_MODES,
  registerReader,
  rotateReaderKey,
  type Reader,
  type ReaderMode,
} from '../../api/readers';
import { normaliseCardUid, randomCardUid } from './cardUid';
import { OptionSelect } from './ChoiceFields';
import { consoleErrorKey } from './consoleErrors';
import { ConfirmDialog } from './Modal';
import { useNotice } from './notices';
import type { SimulatedReader } from './useSimulatedReader';

interface SimulatedReaderPanelProps {
  shelterId: string;
  readers: Reader[];
  simulator: SimulatedReader;
  onReadersChanged: () => void;
}

/**
 * Training without hardware: taps typed or random card UIDs through the real reader protocol, so
 * everything downstream (log, counts, unknown cards) behaves exactly as with a physical reader.
 */
export function SimulatedReaderPanel({
  shelterId,
  readers,
  simulator,
  onReadersChanged,
}: SimulatedReaderPanelProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  const [busy, setBusy] = useState(false);
  const [pastedKey, setPastedKey] = useState('');
  const [reuse, setReuse] = useState<Reader | null>(null);
  const [cardUid, setCardUid] = useState('');
  const [direction, setDirection] = useState<ReaderMode>('toggle');
  const active = readers.filter((reader) => !reader.revoked);
  const uid = normaliseCardUid(cardUid);

  const withBusy = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      notice.failure(error);
    } finally {
      setBusy(false);
    }
  };

  const registerTrainingReader = () =>
    withBusy(async () => {
      const { deviceKey } = await registerReader(shelterId, {
        name: t('console.sim.readerName'),
        mode: 'toggle',
      });
      simulator.use(deviceKey);
      onReadersChanged();
    });

  const tap = (card: string) =>
    withBusy(async () => {
      await simulator.tap(card, direction);
    });

  const statusText =
    simulator.status === 'connected'
      ? t('console.sim.connected', { name: simulator.config?.readerName ?? '' })
      : simulator.status === 'connecting'
        ? t('console.sim.connecting')
        : simulator.status === 'failed'
          ? t(consoleErrorKey(simulator.errorId ?? 'unknown'))
          : t('console.sim.idle');

  return (
    <section
      className="card console-panel sim-reader"
      aria-labelledby="sim-reader-title"
      data-testid="sim-reader"
    >
      <div className="panel-head">
        <h2 id="sim-reader-title">{t('console.sim.title')}</h2>
        <span
          className={`sim-status is-${simulator.status}`}
          role="status"
          data-testid="sim-reader-status"
          data-state={simulator.status}
        >
          {statusText}
        </span>
      </div>
      <p className="muted small">{t('console.sim.intro')}</p>

      {!simulator.connected ? (
        <div className="sim-setup">
          <button
            type="button"
            className="primary big"
            disabled={busy}
            data-testid="sim-reader-register"
            onClick={() => void registerTrainingReader()}
          >
            {t('console.sim.registerTraining')}
          </button>
          {active.length > 0 && (
            <div className="field">
              <label htmlFor="sim-reader-existing">{t('console.sim.useExisting')}</label>
              <div className="inline-form">
                <select
                  id="sim-reader-existing"
                  value={reuse?.id ?? ''}
                  data-testid="sim-reader-existing"
                  onChange={(event) =>
                    setReuse(active.find((reader) => reader.id === event.target.value) ?? null)
                  }
                >
                  <option value="">{t('console.sim.chooseReader')}</option>
                  {active.map((reader) => (
                    <option key={reader.id} value={reader.id}>
                      {reader.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          )}
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (pastedKey.trim()) simulator.use(pastedKey);
            }}
          >
            <div className="field">
              <label htmlFor="sim-reader-key">{t('console.sim.pasteKey')}</label>
              <input
                id="sim-reader-key"
                autoComplete="off"
                spellCheck={false}
                value={pastedKey}
                placeholder="hrk_…"
                data-testid="sim-reader-key"
                onChange={(event) => setPastedKey(event.target.value)}
              />
            </div>
            <button type="submit" disabled={pastedKey.trim() === ''} data-testid="sim-reader-connect">
              {t('console.sim.connect')}
            </button>
          </form>
        </div>
      ) : (
        <form
          className="sim-tap-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (uid) void tap(uid);
          }}
        >
          <div className="field">
            <label htmlFor="sim-card-uid">{t('console.sim.cardUid')}</label>
            <div className="inline-form">
              <input
                id="sim-card-uid"
                autoComplete="off"
                spellCheck={false}
                inputMode="text"
                value={cardUid}
                aria-invalid={cardUid !== '' && uid === null}
                aria-describedby="sim-card-uid-hint"
                data-testid="sim-card-uid"
                onChange={(event) => setCardUid(event.target.value)}
              />
              <button type="button" data-testid="sim-card-random" onClick={() => setCardUid(randomCardUid())}>
                {t('console.sim.random')}
              </button>
            </div>
            <small id="sim-card-uid-hint" className="muted">
              {t('console.sim.cardUidHint')}
            </small>
          </div>
          <div className="field">
            <label htmlFor="sim-direction">{t('console.sim.direction')}</label>
            <OptionSelect
              id="sim-direction"
              value={direction}
              options={READER_MODES}
              labelPrefix="console.readerMode"
              onChange={setDirection}
              testId="sim-direction"
            />
          </div>
          <div className="console-actions">
            <button type="button" onClick={simulator.disconnect} data-testid="sim-reader-disconnect">
              {t('console.sim.disconnect')}
            </button>
            <button
              type="submit"
              className="primary big tap-button"
              disabled={busy || uid === null}
              data-testid="sim-tap"
            >
              {t('console.sim.tap')}
            </button>
          </div>
          {simulator.recentCards.length > 0 && (
            <div className="recent-cards">
              <span className="muted small">{t('console.sim.recent')}</span>
              {simulator.recentCards.map((card) => (
                <button
                  key={card}
                  type="button"
                  className="mono"
                  disabled={busy}
                  data-testid="sim-recent-card"
                  data-card-uid={card}
                  onClick={() => void tap(card)}
                >
                  {card}
                </button>
              ))}
            </div>
          )}
        </form>
      )}

      {simulator.results.length > 0 && (
        <ol className="plain-list sim-results" aria-label={t('console.sim.results')}>
          {simulator.results.map((result, index) => (
            <li
              key={result.eventId}
              data-testid={index === 0 ? 'sim-last-result' : 'sim-result'}
              data-outcome={result.outcome ?? 'error'}
              data-event-id={result.eventId}
            >
              <span className="mono">{result.cardUid}</span>{' '}
              <strong>
                {result.outcome ? t(`console.outcome.${result.outcome}`) : t('console.sim.notSent')}
              </strong>
              {result.errorId && <span className="tap-error"> {t(consoleErrorKey(result.errorId))}</span>}
              {result.duplicate && <span className="muted"> {t('console.sim.duplicate')}</span>}
            </li>
          ))}
        </ol>
      )}

      {reuse && (
        <ConfirmDialog
          title={t('console.sim.reuseTitle', { name: reuse.name })}
          message={t('console.sim.reuseMessage')}
          confirmLabel={t('console.sim.reuseConfirm')}
          danger
          onCancel={() => setReuse(null)}
          onConfirm={() => {
            const reader = reuse;
            setReuse(null);
            void withBusy(async () => {
              const { deviceKey } = await rotateReaderKey(reader.id);
              simulator.use(deviceKey);
            });
          }}
        />
      )}
    </section>
  );
}
