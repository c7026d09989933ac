import { useTranslation } from 'react-i18next';
import { errorMessageKey } from '../../shared/errorMessages';
import type { PreviewState } from './usePreview';

/** The number of people the area targets now, shown before anything is sent. */
export function PreviewCount({ preview }: { preview: PreviewState }) {
  const { t, i18n } = useTranslation();
  const format = (n: number) => n.toLocaleString(i18n.resolvedLanguage);
  const shown =
    preview.status === 'ready' ? preview.preview : preview.status === 'loading' ? preview.previous : null;

  return (
    <div
      className="warning-preview"
      data-testid="warning-preview"
      data-status={preview.status}
      aria-live="polite"
      aria-busy={preview.status === 'loading'}
    >
      {preview.status === 'empty' && <p className="muted">{t('warnings.preview.empty')}</p>}
      {preview.status === 'failed' && (
        <p className="warning-error" role="alert">
          {t('warnings.preview.failed')} {t(errorMessageKey(preview.error))}
        </p>
      )}
      {shown && (
        <>
          <p className="warning-preview-total">
            {t('warnings.preview.total')}{' '}
            <strong data-testid="warning-preview-total" data-value={shown.total}>
              {t('warnings.preview.people', { count: shown.total, formatted: format(shown.total) })}
            </strong>
          </p>
          <p className="warning-help">
            {t('warnings.preview.breakdown', {
              home: format(shown.home),
              shelter: format(shown.shelter),
              live: format(shown.live),
            })}
          </p>
        </>
      )}
    </div>
  );
}
