import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type L from 'leaflet';
import { ApiError } from '../../api/errors';
import { issueAlert, type AlertDetail, type IssueResult } from '../../api/alerts';
import { errorMessageKey } from '../../shared/errorMessages';
import { EMPTY_AREA, type DraftArea, type DraftShape } from './areaModel';
import { AreaSection } from './AreaSection';
import {
  buildAlert,
  emptyForm,
  formFromCap,
  formProblems,
  newIdentifier,
  type WarningForm,
} from './capBuilder';
import { municipalityName } from '../../shared/municipalities';
import { setComposeSink } from './testHook';
import { usePreview } from './usePreview';
import { WarningFields } from './WarningFields';
import type { WarningLayers } from './warningLayers';

interface ComposeWarningProps {
  map: L.Map | null;
  layers: WarningLayers | null;
  /** Set to compose an Update of this warning; null for a new one. */
  replaces: AlertDetail | null;
  onClose: () => void;
  onIssued: (result: IssueResult) => void;
}

function initial(replaces: AlertDetail | null): { form: WarningForm; area: DraftArea; skipped: number } {
  if (!replaces) return { form: emptyForm(), area: EMPTY_AREA, skipped: 0 };
  return formFromCap(replaces.cap, new Date());
}

/** Compose a new warning or an Update: area with a live count of people, CAP fields, send. */
export function ComposeWarning({ map, layers, replaces, onClose, onIssued }: ComposeWarningProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [start] = useState(() => initial(replaces));
  const [form, setForm] = useState(start.form);
  const [area, setArea] = useState(start.area);
  const [showProblems, setShowProblems] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const preview = usePreview(area);
  const problems = formProblems(form, area);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    layers?.setDraft(area);
  }, [layers, area]);
  useEffect(() => () => layers?.setDraft(EMPTY_AREA), [layers]);

  const changeArea = (next: DraftArea) => {
    setArea(next);
    // Whole municipalities name themselves; a drawn shape needs the operator's words.
    const names = next.municipalities.map(municipalityName).join('・');
    const previousNames = area.municipalities.map(municipalityName).join('・');
    if (form.areaDesc.trim() === '' || form.areaDesc === previousNames) setForm({ ...form, areaDesc: names });
  };

  const addShape = useRef<(shape: DraftShape) => void>(() => undefined);
  addShape.current = (shape) => setArea((current) => ({ ...current, shapes: [...current.shapes, shape] }));
  useEffect(() => {
    // Test shapes exist only in browser-test builds (`vite build --mode e2e`).
    if (import.meta.env.MODE !== 'e2e') return;
    setComposeSink((shape) => addShape.current(shape));
    return () => setComposeSink(null);
  }, []);

  const send = async () => {
    if (problems.length > 0) {
      setShowProblems(true);
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSending(true);
    setError(null);
    const now = new Date();
    try {
      const alert = buildAlert(form, area, {
        now,
        identifier: newIdentifier(now),
        ...(replaces ? { replaces } : {}),
      });
      onIssued(await issueAlert(alert));
    } catch (caught) {
      setError(caught);
      setSending(false);
    }
  };

  const total = preview.status === 'ready' ? preview.preview.total : null;

  return (
    <form
      ref={formRef}
      className="warning-compose"
      data-testid="warning-compose"
      data-msg-type={replaces ? 'Update' : 'Alert'}
      aria-labelledby={titleId}
      noValidate
      onSubmit={(event) => event.preventDefault()}
    >
      <h2 id={titleId}>{replaces ? t('warnings.compose.updateTitle') : t('warnings.compose.title')}</h2>
      {replaces && (
        <p className="warning-help">
          {t('warnings.compose.updateHelp', { headline: replaces.headline ?? '' })}
        </p>
      )}
      {start.skipped > 0 && (
        <p className="warning-error">{t('warnings.compose.skippedShapes', { count: start.skipped })}</p>
      )}
      <AreaSection
        map={map}
        area={area}
        onChange={changeArea}
        preview={preview}
        onShowArea={() => layers?.showDraft()}
      />
      <WarningFields form={form} onChange={setForm} problems={problems} showProblems={showProblems} />
      {showProblems && problems.length > 0 && (
        <div className="warning-error" role="alert" data-testid="warning-problems">
          <p>{t('warnings.compose.problems')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{t(`warnings.compose.problem.${problem.replace('.', '_')}`)}</li>
            ))}
          </ul>
        </div>
      )}
      {error !== null && (
        <p className="warning-error" role="alert" data-testid="warning-send-error">
          {t('warnings.compose.failed')} {t(errorMessageKey(error))}
          {error instanceof ApiError && error.status >= 400 && ` (${error.message})`}
        </p>
      )}
      <div className="warning-actions">
        <button
          type="button"
          className="primary"
          data-testid="warning-send"
          disabled={sending}
          onClick={() => void send()}
        >
          {sending
            ? t('warnings.compose.sending')
            : total === null
              ? t('warnings.compose.send')
              : t('warnings.compose.sendTo', { count: total, formatted: total.toLocaleString() })}
        </button>
        <button type="button" data-testid="warning-compose-close" onClick={onClose} disabled={sending}>
          {t('warnings.compose.close')}
        </button>
      </div>
    </form>
  );
}
