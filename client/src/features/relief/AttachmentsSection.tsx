import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reliefApi, uploadAttachment, type ApplicationDetail, type ApplicationsApi } from '../../api/relief';
import { errorKey, local } from './reliefModel';

interface AttachmentsSectionProps {
  application: ApplicationDetail;
  applications: ApplicationsApi;
  editable: boolean;
  flagged: ReadonlySet<string>;
  onChanged: () => void;
}

/**
 * One block per attachment slot: what is attached or handed in on paper, and (while editable) add
 * or remove files, or, at a counter, record that the paper original was handed in.
 */
export function AttachmentsSection({
  application,
  applications,
  editable,
  flagged,
  onChanged,
}: AttachmentsSectionProps) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (application.programme.attachments.length === 0) return null;

  async function add(slot: string, files: FileList | null) {
    if (!files || files.length === 0) return;
    setBusy(slot);
    setError(null);
    try {
      for (const file of Array.from(files)) await uploadAttachment(application.id, slot, file);
    } catch (caught) {
      setError(t(errorKey(caught)));
    } finally {
      setBusy(null);
      onChanged();
    }
  }

  async function paperReceived(slot: string) {
    if (!applications.paperReceived) return;
    setBusy(slot);
    setError(null);
    try {
      await applications.paperReceived(application.id, slot);
    } catch (caught) {
      setError(t(errorKey(caught)));
    } finally {
      setBusy(null);
      onChanged();
    }
  }

  async function remove(attachmentId: string) {
    setError(null);
    try {
      await reliefApi.removeAttachment(application.id, attachmentId);
    } catch (caught) {
      setError(t(errorKey(caught)));
    }
    onChanged();
  }

  return (
    <section className="card relief-attachments" aria-labelledby="relief-attachments-title">
      <h3 id="relief-attachments-title">{t('relief.attachments')}</h3>
      {application.programme.attachments.map((slot) => {
        const held = application.attachments.filter((a) => a.slot === slot.key);
        const paper = application.paperOriginals.find((p) => p.slot === slot.key);
        return (
          <div
            key={slot.key}
            className={`relief-slot ${flagged.has(slot.key) ? 'is-flagged' : ''}`}
            data-testid={`relief-slot-${slot.key}`}
          >
            <p className="relief-label">
              {local(slot.label, i18n.resolvedLanguage)}{' '}
              <small className="muted">
                {slot.required ? t('relief.required') : t('relief.optional')} ·{' '}
                {t('relief.maxFiles', { count: slot.max })}
              </small>
              {flagged.has(slot.key) && <span className="relief-flag">{t('relief.fixThis')}</span>}
            </p>
            {slot.help && <small className="muted">{local(slot.help, i18n.resolvedLanguage)}</small>}
            <ul className="relief-files">
              {paper && (
                <li data-testid="relief-paper-original">
                  {t('relief.paperReceived', {
                    date: new Date(paper.receivedAt).toLocaleDateString(i18n.resolvedLanguage),
                  })}
                  {paper.note && <small className="muted"> {paper.note}</small>}
                </li>
              )}
              {held.map((file) => (
                <li key={file.id} data-testid="relief-file">
                  {applications.own ? (
                    <a href={reliefApi.attachmentUrl(application.id, file.id)}>
                      {file.fileName ?? file.contentType}
                    </a>
                  ) : (
                    <span>{file.fileName ?? file.contentType}</span>
                  )}{' '}
                  <small className="muted">{Math.ceil(file.sizeBytes / 1024)} KB</small>
                  {editable && applications.own && (
                    <button type="button" className="link-button" onClick={() => void remove(file.id)}>
                      {t('relief.remove')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {editable && !paper && applications.paperReceived && (
              <button
                type="button"
                disabled={busy !== null}
                data-testid={`relief-paper-${slot.key}`}
                onClick={() => void paperReceived(slot.key)}
              >
                {t('relief.markPaperReceived')}
              </button>
            )}
            {editable && applications.own && held.length < slot.max && (
              <label className="button relief-upload">
                {busy === slot.key ? t('relief.uploading') : t('relief.upload')}
                <input
                  type="file"
                  accept="image/jpeg,image/png,image/heic,application/pdf"
                  multiple
                  hidden
                  disabled={busy !== null}
                  data-testid={`relief-upload-${slot.key}`}
                  onChange={(e) => {
                    void add(slot.key, e.target.files);
                    e.target.value = '';
                  }}
                />
              </label>
            )}
          </div>
        );
      })}
      {error && (
        <p role="alert" className="form-error" data-testid="relief-upload-error">
          {error}
        </p>
      )}
    </section>
  );
}
