import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reliefApi, type ApplicationDetail, type ApplicationsApi } from '../../api/relief';
import { AttachmentsSection } from './AttachmentsSection';
import { FormFields } from './FormFields';
import { errorKey, invalidFields, local, toAnswers, toDraft, type Draft } from './reliefModel';
import { StatusTimeline } from './StatusTimeline';

interface ApplicationViewProps {
  application: ApplicationDetail;
  applications: ApplicationsApi;
  onChanged: () => void;
  onBack: () => void;
}

/** One application: the form (editable as a draft or when sent back), attachments, history. */
export function ApplicationView({ application, applications, onChanged, onBack }: ApplicationViewProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => toDraft(application.answers));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const editable = application.state === 'draft' || application.state === 'correction_requested';

  // A new version from the server (live update) replaces the inputs unless the resident is typing.
  useEffect(() => {
    if (!editable) setDraft(toDraft(application.answers));
  }, [application.answers, editable]);

  const flagged = useMemo(
    () =>
      new Set([
        ...(application.state === 'correction_requested' ? application.correction.fields : []),
        ...invalid,
      ]),
    [application.state, application.correction.fields, invalid],
  );

  async function run(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    setMessage(null);
    setInvalid([]);
    try {
      await work();
      setMessage({ text: t(done), error: false });
    } catch (caught) {
      setInvalid(invalidFields(caught));
      setMessage({ text: t(errorKey(caught)), error: true });
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const answers = () => toAnswers(application.programme.form.fields, draft);
  const programmeName = local(application.programme.name, i18n.resolvedLanguage);

  return (
    <div className="relief-application" data-testid="relief-application" data-state={application.state}>
      <button type="button" className="link-button" onClick={onBack}>
        ← {t('relief.back')}
      </button>
      <h2>{programmeName}</h2>
      <p>
        <span className={`relief-state state-${application.state}`} data-testid="relief-state">
          {t(`relief.state.${application.state}`)}
        </span>
      </p>
      {application.state === 'correction_requested' && (
        <div className="card relief-correction" role="alert" data-testid="relief-correction">
          <h3>{t('relief.correctionTitle')}</h3>
          <p>{application.correction.note}</p>
        </div>
      )}
      {application.decisionReason && (
        <p>{t('relief.decisionReason', { reason: application.decisionReason })}</p>
      )}
      {application.certificateNumber && applications.own && (
        <p>
          <a
            className="button"
            href={reliefApi.certificateUrl(application.id)}
            data-testid="relief-certificate"
            download
          >
            {t('relief.certificate')}
          </a>
        </p>
      )}
      <form
        className="card"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => applications.submit(application.id, answers()), 'relief.submitted');
        }}
      >
        <FormFields
          fields={application.programme.form.fields}
          registry={application.registry}
          draft={draft}
          readOnly={!editable || busy}
          flagged={flagged}
          onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
        />
        {editable && (
          <div className="relief-actions">
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(() => applications.save(application.id, answers()), 'relief.saved')}
            >
              {t('relief.save')}
            </button>
            <button type="submit" className="primary" disabled={busy} data-testid="relief-submit">
              {application.state === 'draft' ? t('relief.submit') : t('relief.resubmit')}
            </button>
          </div>
        )}
        {message && (
          <p
            role={message.error ? 'alert' : 'status'}
            className={message.error ? 'form-error' : 'muted'}
            data-testid="relief-message"
          >
            {message.text}
          </p>
        )}
      </form>
      {application.nextStates.includes('withdrawn') && applications.own && (
        <p>
          <button
            type="button"
            className="link-button"
            disabled={busy}
            data-testid="relief-withdraw"
            onClick={() => {
              if (window.confirm(t('relief.withdrawConfirm')))
                void run(() => reliefApi.withdraw(application.id), 'relief.withdrawnMessage');
            }}
          >
            {t('relief.withdraw')}
          </button>
        </p>
      )}
      <AttachmentsSection
        application={application}
        applications={applications}
        editable={editable}
        flagged={flagged}
        onChanged={onChanged}
      />
      <StatusTimeline events={application.events} />
    </div>
  );
}
