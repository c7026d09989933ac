import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sendNotice, type PersonalDataProblem } from '../../api/notices';
import { emptyDraft, toSendBody, type NoticeDraft } from './noticeDraft';
import { noticeErrorKey, personalDataProblems } from './noticeErrors';
import { TargetingFields } from '../../shared/targeting/TargetingFields';
import { usePreviewCount } from './usePreviewCount';

type Language = 'ja' | 'en';

function Problems({ problems }: { problems: PersonalDataProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="notice-problems" data-testid="notice-problems" role="alert">
      {problems.map((p) => (
        <li key={`${p.field}-${p.kind}`}>
          {t('notices.personalData.item', {
            field: t(`notices.field.${p.field.replace('.', '_')}`),
            kind: t(`notices.personalData.${p.kind}`),
          })}
        </li>
      ))}
    </ul>
  );
}

/** Compose a notice in Japanese (and English), pick who receives it, see how many, send. */
export function ComposeNotice({ onSent }: { onSent: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<NoticeDraft>(() => emptyDraft());
  const [language, setLanguage] = useState<Language>('ja');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<{ error: unknown } | { targeted: number } | null>(null);
  const preview = usePreviewCount(draft);
  const change = (patch: Partial<NoticeDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const text = draft[language];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = toSendBody(draft);
    if (typeof body === 'string') {
      setResult({ error: body });
      return;
    }
    if (
      !window.confirm(
        t('notices.send.confirm', { count: preview.status === 'ready' ? preview.preview.total : 0 }),
      )
    )
      return;
    setSending(true);
    try {
      const sent = await sendNotice(body);
      setResult({ targeted: sent.targeted });
      setDraft(emptyDraft());
      onSent();
    } catch (error) {
      setResult({ error });
    } finally {
      setSending(false);
    }
  }

  const found = preview.status === 'ready' ? preview.preview.personalData : [];
  const rejected = result && 'error' in result ? personalDataProblems(result.error) : [];

  return (
    <form className="card notice-compose" data-testid="notice-compose" onSubmit={submit} noValidate>
      <h2>{t('notices.compose.title')}</h2>
      <div role="tablist" className="notice-tabs" aria-label={t('notices.compose.languages')}>
        {(['ja', 'en'] as const).map((lang) => (
          <button
            key={lang}
            type="button"
            role="tab"
            aria-selected={language === lang}
            data-testid={`notice-tab-${lang}`}
            onClick={() => setLanguage(lang)}
          >
            {t(`notices.compose.language.${lang}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="notice-text">
        <label>
          {t('notices.compose.heading')}
          <input
            value={text.title}
            maxLength={200}
            lang={language}
            data-testid={`notice-title-${language}`}
            onChange={(e) => change({ [language]: { ...text, title: e.target.value } })}
          />
        </label>
        <label>
          {t('notices.compose.body')}
          <textarea
            value={text.body}
            maxLength={5000}
            rows={5}
            lang={language}
            data-testid={`notice-body-${language}`}
            onChange={(e) => change({ [language]: { ...text, body: e.target.value } })}
          />
        </label>
        <p className="muted">{t('notices.compose.noPersonalData')}</p>
      </div>
      <label>
        {t('notices.compose.link')}
        <input
          type="url"
          value={draft.link}
          placeholder="https://"
          data-testid="notice-link"
          onChange={(e) => change({ link: e.target.value })}
        />
      </label>
      <label>
        {t('notices.compose.endsAt')}
        <input
          type="datetime-local"
          value={draft.endsAt}
          data-testid="notice-ends-at"
          onChange={(e) => change({ endsAt: e.target.value })}
        />
      </label>
      <h3>{t('notices.compose.recipients')}</h3>
      <TargetingFields draft={draft} onChange={change} />
      <p className="notice-preview" data-testid="notice-preview" aria-live="polite">
        {preview.status === 'loading' && t('notices.preview.counting')}
        {preview.status === 'ready' &&
          t('notices.preview.count', {
            count: preview.preview.total,
            withAccount: preview.preview.withAccount,
          })}
        {preview.status === 'failed' && t(noticeErrorKey(preview.error))}
      </p>
      <Problems problems={rejected.length > 0 ? rejected : found} />
      <button type="submit" className="primary" disabled={sending} data-testid="notice-send">
        {t('notices.send.button')}
      </button>
      {result && 'targeted' in result && (
        <p role="status" data-testid="notice-sent">
          {t('notices.send.done', { count: result.targeted })}
        </p>
      )}
      {result && 'error' in result && rejected.length === 0 && (
        <p role="alert" className="form-error">
          {typeof result.error === 'string' ? t(result.error) : t(noticeErrorKey(result.error))}
        </p>
      )}
    </form>
  );
}
