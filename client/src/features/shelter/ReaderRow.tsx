import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { READER_MODES, updateReader, type Reader, type ReaderMode } from '../../api/readers';
import { OptionSelect } from './ChoiceFields';
import { formatTapTime } from './format';

interface ReaderRowProps {
  reader: Reader;
  busy: boolean;
  onChanged: () => void;
  onFailure: (error: unknown) => void;
  onRotate: (reader: Reader) => void;
  onRevoke: (reader: Reader) => void;
  onMove: (reader: Reader) => void;
}

/** One registered reader, with rename / mode inline and the rest behind confirmations. */
export function ReaderRow({
  reader,
  busy,
  onChanged,
  onFailure,
  onRotate,
  onRevoke,
  onMove,
}: ReaderRowProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(reader.name);
  const [mode, setMode] = useState<ReaderMode>(reader.mode);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      await updateReader(reader.id, {
        ...(name.trim() !== reader.name ? { name: name.trim() } : {}),
        ...(mode !== reader.mode ? { mode } : {}),
      });
      setEditing(false);
      onChanged();
    } catch (error) {
      onFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <li
      className={`reader-row${reader.revoked ? ' is-revoked' : ''}`}
      data-testid="reader-row"
      data-reader-id={reader.id}
      data-revoked={reader.revoked}
    >
      {editing ? (
        <form
          className="inline-form reader-edit"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim() !== '') void save();
          }}
        >
          <label htmlFor={`reader-name-${reader.id}`}>{t('console.readers.name')}</label>
          <input
            id={`reader-name-${reader.id}`}
            required
            maxLength={100}
            value={name}
            data-testid="reader-rename"
            onChange={(e) => setName(e.target.value)}
          />
          <label htmlFor={`reader-mode-${reader.id}`}>{t('console.readers.mode')}</label>
          <OptionSelect
            id={`reader-mode-${reader.id}`}
            value={mode}
            options={READER_MODES}
            labelPrefix="console.readerMode"
            onChange={setMode}
            testId="reader-mode"
          />
          <button type="submit" className="primary" disabled={saving} data-testid="reader-save">
            {t('console.common.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('console.common.cancel')}
          </button>
        </form>
      ) : (
        <>
          <div className="reader-text">
            <strong>{reader.name}</strong>{' '}
            <span className="tag">{t(`console.readerMode.${reader.mode}`)}</span>{' '}
            {reader.revoked && <span className="tag revoked">{t('console.readers.revoked')}</span>}
            <div className="muted small">
              {reader.lastSeenAt
                ? t('console.readers.lastSeen', {
                    time: formatTapTime(reader.lastSeenAt, i18n.resolvedLanguage, new Date()),
                  })
                : t('console.readers.neverSeen')}
            </div>
          </div>
          {!reader.revoked && (
            <div className="reader-actions">
              <button
                type="button"
                disabled={busy}
                data-testid="reader-edit"
                onClick={() => setEditing(true)}
              >
                {t('console.readers.edit')}
              </button>
              <button type="button" disabled={busy} data-testid="reader-move" onClick={() => onMove(reader)}>
                {t('console.readers.move')}
              </button>
              <button
                type="button"
                disabled={busy}
                data-testid="reader-rotate"
                onClick={() => onRotate(reader)}
              >
                {t('console.readers.rotate')}
              </button>
              <button
                type="button"
                className="danger"
                disabled={busy}
                data-testid="reader-revoke"
                onClick={() => onRevoke(reader)}
              >
                {t('console.readers.revoke')}
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}
