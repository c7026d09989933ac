import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reliefApi, type ApplicationDetail, type ApplicationState } from '../../api/relief';
import { errorKey, local } from './reliefModel';
import { StatusTimeline } from './StatusTimeline';

const DAMAGE_LEVELS = ['total', 'large_half', 'medium_half', 'half', 'quasi_half', 'partial'] as const;

function answerText(value: unknown): string {
  if (value === true) return '✓';
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return '—';
}

/** One application as a reviewer sees it (the read is access-logged), with the decision form. */
export function ReviewDetail({
  application,
  onDecided,
}: {
  application: ApplicationDetail;
  onDecided: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<string[]>([]);
  const [damageLevel, setDamageLevel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const programme = application.programme;
  const fixable = [
    ...programme.form.fields
      .filter((f) => f.type !== 'registry')
      .map((f) => ({ key: f.key, label: local(f.label, lang) })),
    ...programme.attachments.map((s) => ({ key: s.key, label: local(s.label, lang) })),
  ];

  async function decide(to: ApplicationState) {
    setBusy(true);
    setError(null);
    try {
      await reliefApi.decide(application.id, {
        to,
        reason: reason.trim() || undefined,
        fields: to === 'correction_requested' ? fields : undefined,
        damageLevel: to === 'approved' && programme.issuesCertificate ? damageLevel || undefined : undefined,
      });
      setReason('');
      setFields([]);
      onDecided();
    } catch (caught) {
      setError(t(errorKey(caught)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="relief-application" data-testid="review-detail" data-state={application.state}>
      <h2>{local(programme.name, lang)}</h2>
      <p className="muted">{t('relief.review.logged')}</p>
      <p>
        <span className={`relief-state state-${application.state}`} data-testid="review-state">
          {t(`relief.state.${application.state}`)}
        </span>
      </p>
      <section className="card">
        <h3>{t('relief.review.applicant')}</h3>
        <p>{application.registry.name}</p>
        <p>{application.registry.address ?? '—'}</p>
        {application.mailing.address && (
          <p>
            {t('relief.review.mailing', {
              postalCode: application.mailing.postalCode ?? '',
              address: application.mailing.address,
            })}
          </p>
        )}
      </section>
      <section className="card">
        <h3>{t('relief.review.answers')}</h3>
        <dl>
          {programme.form.fields
            .filter((f) => f.type !== 'registry')
            .map((field) => (
              <div key={field.key}>
                <dt>{local(field.label, lang)}</dt>
                <dd>
                  {field.type === 'select'
                    ? (() => {
                        const option = field.options.find((o) => o.value === application.answers[field.key]);
                        return option
                          ? local(option.label, lang)
                          : answerText(application.answers[field.key]);
                      })()
                    : answerText(application.answers[field.key])}
                </dd>
              </div>
            ))}
        </dl>
      </section>
      {application.attachments.length > 0 && (
        <section className="card relief-review-photos">
          <h3>{t('relief.attachments')}</h3>
          {application.attachments.map((file) => {
            const url = reliefApi.attachmentUrl(application.id, file.id, true);
            return (
              <figure key={file.id} data-testid="review-attachment">
                {file.contentType === 'image/jpeg' || file.contentType === 'image/png' ? (
                  <img src={url} alt={file.fileName ?? file.slot} loading="lazy" />
                ) : null}
                <figcaption>
                  <a href={url}>{file.fileName ?? file.contentType}</a> · sha256 {file.sha256.slice(0, 12)}…
                </figcaption>
              </figure>
            );
          })}
        </section>
      )}
      {application.nextStates.length > 0 && (
        <section className="card" aria-labelledby="review-actions-title">
          <h3 id="review-actions-title">{t('relief.review.actions')}</h3>
          <label className="relief-field">
            <span className="relief-label">{t('relief.review.reason')}</span>
            <textarea
              rows={3}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              data-testid="review-reason"
            />
          </label>
          {application.nextStates.includes('correction_requested') && (
            <fieldset className="relief-field">
              <legend>{t('relief.review.fieldsToFix')}</legend>
              {fixable.map((field) => (
                <label key={field.key}>
                  <input
                    type="checkbox"
                    checked={fields.includes(field.key)}
                    data-testid={`review-fix-${field.key}`}
                    onChange={(e) =>
                      setFields((held) =>
                        e.target.checked ? [...held, field.key] : held.filter((k) => k !== field.key),
                      )
                    }
                  />{' '}
                  {field.label}
                </label>
              ))}
            </fieldset>
          )}
          {application.nextStates.includes('approved') && programme.issuesCertificate && (
            <label className="relief-field">
              <span className="relief-label">{t('relief.review.damageLevel')}</span>
              <select
                value={damageLevel}
                onChange={(e) => setDamageLevel(e.target.value)}
                data-testid="review-damage-level"
              >
                <option value="">{t('relief.choose')}</option>
                {DAMAGE_LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`relief.damage.${level}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="relief-actions">
            {application.nextStates.map((to) => (
              <button
                key={to}
                type="button"
                disabled={busy}
                onClick={() => void decide(to)}
                data-testid={`review-do-${to}`}
              >
                {t(`relief.review.do.${to}`)}
              </button>
            ))}
          </div>
          {error && (
            <p role="alert" className="form-error" data-testid="review-error">
              {error}
            </p>
          )}
        </section>
      )}
      {application.certificateNumber && (
        <a href={reliefApi.certificateUrl(application.id, true)}>{t('relief.certificate')}</a>
      )}
      <StatusTimeline events={application.events} />
    </div>
  );
}
