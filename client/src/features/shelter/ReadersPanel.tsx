import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  READER_MODES,
  registerReader,
  revokeReader,
  rotateReaderKey,
  updateReader,
  type Reader,
  type ReaderMode,
  type ReaderWithKey,
} from '../../api/readers';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { OptionSelect } from './ChoiceFields';
import { DeviceKeyNotice } from './DeviceKeyNotice';
import { ConfirmDialog, Modal } from './Modal';
import { useNotice } from './notices';
import { ReaderRow } from './ReaderRow';
import { ShelterChooser } from './ShelterChooser';

interface ReadersPanelProps {
  shelterId: string;
  readers: Reader[];
  moveTargets: readonly Shelter[];
  onChanged: () => void;
  onUseInSimulator: (issued: ReaderWithKey) => void;
}

type Pending = { kind: 'rotate' | 'revoke' | 'move'; reader: Reader } | null;

/** Register card readers in minutes; rotate, revoke or move them when a device is lost or moves. */
export function ReadersPanel({
  shelterId,
  readers,
  moveTargets,
  onChanged,
  onUseInSimulator,
}: ReadersPanelProps) {
  const { t } = useTranslation();
  const notice = useNotice();
  const [name, setName] = useState('');
  const [mode, setMode] = useState<ReaderMode>('toggle');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<ReaderWithKey | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [moveTo, setMoveTo] = useState<Shelter | null>(null);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
      onChanged();
    } catch (error) {
      notice.failure(error);
    } finally {
      setBusy(false);
    }
  };

  const register = () =>
    run(async () => {
      const result = await registerReader(shelterId, { name: name.trim(), mode });
      setIssued(result);
      setName('');
      notice.success(t('console.readers.registered', { name: result.reader.name }));
    });

  const confirmPending = () => {
    if (!pending) return;
    const { kind, reader } = pending;
    setPending(null);
    if (kind === 'rotate') {
      void run(async () => {
        setIssued(await rotateReaderKey(reader.id));
        notice.success(t('console.readers.rotated', { name: reader.name }));
      });
    } else if (kind === 'revoke') {
      void run(async () => {
        await revokeReader(reader.id);
        notice.success(t('console.readers.revokedDone', { name: reader.name }));
      });
    }
  };

  const active = readers.filter((reader) => !reader.revoked);
  const revoked = readers.filter((reader) => reader.revoked);

  return (
    <section className="card console-panel" aria-labelledby="readers-title" data-testid="readers-panel">
      <h2 id="readers-title">{t('console.readers.title')}</h2>
      {issued && (
        <DeviceKeyNotice
          issued={issued}
          onDismiss={() => setIssued(null)}
          onUseInSimulator={(key) => {
            onUseInSimulator(key);
            setIssued(null);
          }}
        />
      )}
      <form
        className="inline-form register-reader"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim() !== '') void register();
        }}
      >
        <div className="field">
          <label htmlFor="reader-register-name">{t('console.readers.name')}</label>
          <input
            id="reader-register-name"
            required
            maxLength={100}
            value={name}
            placeholder={t('console.readers.namePlaceholder')}
            data-testid="reader-register-name"
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="reader-register-mode">{t('console.readers.mode')}</label>
          <OptionSelect
            id="reader-register-mode"
            value={mode}
            options={READER_MODES}
            labelPrefix="console.readerMode"
            onChange={setMode}
            testId="reader-register-mode"
          />
        </div>
        <button
          type="submit"
          className="primary big"
          disabled={busy || name.trim() === ''}
          data-testid="reader-register-submit"
        >
          {t('console.readers.register')}
        </button>
      </form>

      {readers.length === 0 ? (
        <p className="muted" data-testid="readers-empty">
          {t('console.readers.none')}
        </p>
      ) : (
        <ul className="plain-list reader-list" data-testid="reader-list">
          {[...active, ...revoked].map((reader) => (
            <ReaderRow
              key={reader.id}
              reader={reader}
              busy={busy}
              onChanged={onChanged}
              onFailure={notice.failure}
              onRotate={(r) => setPending({ kind: 'rotate', reader: r })}
              onRevoke={(r) => setPending({ kind: 'revoke', reader: r })}
              onMove={(r) => {
                setMoveTo(null);
                setPending({ kind: 'move', reader: r });
              }}
            />
          ))}
        </ul>
      )}

      {pending && pending.kind !== 'move' && (
        <ConfirmDialog
          title={t(
            pending.kind === 'rotate' ? 'console.readers.rotateTitle' : 'console.readers.revokeTitle',
            {
              name: pending.reader.name,
            },
          )}
          message={t(
            pending.kind === 'rotate' ? 'console.readers.rotateMessage' : 'console.readers.revokeMessage',
          )}
          confirmLabel={t(pending.kind === 'rotate' ? 'console.readers.rotate' : 'console.readers.revoke')}
          danger={pending.kind === 'revoke'}
          onCancel={() => setPending(null)}
          onConfirm={confirmPending}
        />
      )}
      {pending?.kind === 'move' && (
        <Modal
          title={t('console.readers.moveTitle', { name: pending.reader.name })}
          onClose={() => setPending(null)}
          testId="reader-move-dialog"
        >
          {moveTargets.length === 0 ? (
            <p className="muted">{t('console.readers.noMoveTargets')}</p>
          ) : (
            <ShelterChooser
              candidates={moveTargets}
              selectedId={moveTo?.id ?? null}
              onSelect={setMoveTo}
              testIdPrefix="reader-move-target"
            />
          )}
          <div className="console-actions">
            <button type="button" onClick={() => setPending(null)}>
              {t('console.common.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy || moveTo === null}
              data-testid="reader-move-confirm"
              onClick={() => {
                const reader = pending.reader;
                const target = moveTo;
                setPending(null);
                if (target)
                  void run(async () => {
                    await updateReader(reader.id, { shelterId: target.id });
                    notice.success(t('console.readers.moved', { name: reader.name, shelter: target.name }));
                  });
              }}
            >
              {moveTo ? t('console.readers.moveTo', { shelter: moveTo.name }) : t('console.readers.move')}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
