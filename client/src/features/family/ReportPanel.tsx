import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  reportForMember,
  reportSelf,
  type FamilyMember,
  type ReportResult,
  type SelfReportBody,
} from '../../api/family';
import type { Shelter } from '../../shared/shelters/shelterStore';
import { familyErrorKey } from './familyErrors';
import { fullName, placePhrase, whereaboutsFacts } from './familyModel';
import { currentPosition, PositionError, type PositionFailure } from './geolocation';
import { OTHER_MUNICIPALITY } from './municipalities';
import { PlaceFields } from './PlaceFields';
import { buildReportBody, emptyDraft, NOTE_MAX, type ReportDraft } from './reportDraft';
import type { FamilyLive } from './useFamilyLive';
import { formatDateTime } from './when';

interface ReportPanelProps {
  live: FamilyLive;
  /** Whom the report is about; null: myself. */
  targetId: string | null;
  onTarget: (residentId: string | null) => void;
}

interface Outcome {
  kind: ReportDraft['kind'];
  result: ReportResult;
  name: string;
  locationFailure: PositionFailure | null;
}

/** "I'm safe", "I need help", "I am at …" — for myself or for a family member I may see. */
export function ReportPanel({ live, targetId, onTarget }: ReportPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const self = live.list?.self ?? null;
  const others = live.members.filter((m) => m.residentId !== self?.residentId);
  const target: FamilyMember | null =
    (targetId === null ? self : others.find((m) => m.residentId === targetId)) ?? self;
  const forSelf = target === null || target.residentId === self?.residentId;
  const name = target ? fullName(target) : '';

  const [note, setNote] = useState('');
  const [share, setShare] = useState(false);
  const [placeDraft, setPlaceDraft] = useState<ReportDraft>(() => emptyDraft('place'));
  const [shelter, setShelter] = useState<Shelter | null>(null);
  const [municipalityChoice, setMunicipalityChoice] = useState('');
  const [busy, setBusy] = useState<ReportDraft['kind'] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<{ kind: ReportDraft['kind']; cause: unknown } | null>(null);

  async function send(draft: ReportDraft) {
    const built = buildReportBody(draft);
    setOutcome(null);
    if (!built.ok) {
      setError({ kind: draft.kind, cause: built.error });
      return;
    }
    setError(null);
    setBusy(draft.kind);
    try {
      let locationFailure: PositionFailure | null = null;
      let result: ReportResult;
      if (forSelf) {
        const body: SelfReportBody = { ...built.body };
        if (share && draft.kind !== 'place') {
          // Help matters more than the position: without a fix the report still goes out.
          try {
            body.location = await currentPosition();
            body.shareLocation = true;
          } catch (failure) {
            locationFailure = failure instanceof PositionError ? failure.reason : 'location_unavailable';
          }
        }
        result = await reportSelf(body);
      } else if (target) {
        result = await reportForMember(target.residentId, built.body);
      } else return;
      if (target) live.applyOwnReport({ ...target, whereabouts: result.whereabouts });
      setOutcome({ kind: draft.kind, result, name, locationFailure });
      if (draft.kind === 'place') {
        setPlaceDraft(emptyDraft('place'));
        setShelter(null);
        setMunicipalityChoice('');
      } else {
        setNote('');
        setShare(false);
      }
    } catch (cause) {
      setError({ kind: draft.kind, cause });
    } finally {
      setBusy(null);
    }
  }

  const summary = outcome?.result.whereabouts;
  const phrase = placePhrase(whereaboutsFacts(summary ?? null));

  // Shown under the section that was sent, so the answer is where the person is looking.
  const feedback = (kinds: readonly ReportDraft['kind'][]) => (
    <>
      <div aria-live="polite" className="report-feedback">
        {busy !== null && kinds.includes(busy) && <p className="muted">{t('family.report.sending')}</p>}
        {outcome && kinds.includes(outcome.kind) && (
          <div
            className="report-status"
            data-testid="report-status"
            data-applied={outcome.result.applied ? 'true' : 'false'}
          >
            <p>
              <strong>{t('family.report.done', { name: outcome.name })}</strong>{' '}
              {summary &&
                (summary.safety
                  ? t('family.report.doneState', {
                      place: t(phrase.key, phrase.values),
                      safety: t(`family.safety.${summary.safety}`),
                    })
                  : t('family.report.donePlace', { place: t(phrase.key, phrase.values) }))}
            </p>
            {!outcome.result.applied && <p>{t('family.report.notApplied')}</p>}
            {outcome.result.locationKeptUntil && (
              <p>
                {t('family.report.locationKept', {
                  until: formatDateTime(outcome.result.locationKeptUntil, i18n.language),
                })}
              </p>
            )}
            {outcome.locationFailure && <p>{t(`family.report.${outcome.locationFailure}`)}</p>}
          </div>
        )}
      </div>
      {error && kinds.includes(error.kind) && (
        <p className="form-error" role="alert" data-testid="report-error">
          {t(familyErrorKey(error.cause))}
        </p>
      )}
    </>
  );

  return (
    <div className="report-panel" data-testid="report-panel">
      {others.length > 0 && (
        <div className="field report-target">
          <label htmlFor={`${id}-target`}>{t('family.report.target')}</label>
          <select
            id={`${id}-target`}
            value={forSelf ? '' : (target?.residentId ?? '')}
            data-testid="report-target"
            onChange={(event) => onTarget(event.target.value === '' ? null : event.target.value)}
          >
            <option value="">{t('family.report.targetSelf')}</option>
            {others.map((member) => (
              <option key={member.residentId} value={member.residentId}>
                {fullName(member)}
              </option>
            ))}
          </select>
        </div>
      )}

      <section className="card" aria-labelledby={`${id}-safety`}>
        <h2 id={`${id}-safety`}>
          {forSelf ? t('family.report.safetyTitle') : t('family.report.safetyTitleFor', { name })}
        </h2>
        <label htmlFor={`${id}-note`}>{t('family.report.note')}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          maxLength={NOTE_MAX}
          value={note}
          data-testid="report-note"
          onChange={(event) => setNote(event.target.value)}
        />
        {forSelf && (
          <label className="choice consent">
            <input
              type="checkbox"
              checked={share}
              data-testid="report-share-location"
              aria-describedby={`${id}-share-hint`}
              onChange={(event) => setShare(event.target.checked)}
            />
            <span>
              {t('family.report.shareLocation')}
              <span id={`${id}-share-hint`} className="muted small block">
                {t('family.report.shareLocationHint')}
              </span>
            </span>
          </label>
        )}
        <div className="big-buttons">
          <button
            type="button"
            className="big-button is-safe"
            disabled={busy !== null}
            data-testid="report-safe"
            onClick={() => void send({ ...emptyDraft('safe'), note })}
          >
            {forSelf ? t('family.report.safe') : t('family.report.safeFor', { name })}
          </button>
          <button
            type="button"
            className="big-button is-help"
            disabled={busy !== null}
            data-testid="report-help"
            onClick={() => void send({ ...emptyDraft('help'), note })}
          >
            {forSelf ? t('family.report.help') : t('family.report.helpFor', { name })}
          </button>
        </div>
        {feedback(['safe', 'help'])}
      </section>

      <section className="card" aria-labelledby={`${id}-place`}>
        <h2 id={`${id}-place`}>
          {forSelf ? t('family.report.placeTitle') : t('family.report.placeTitleFor', { name })}
        </h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void send(placeDraft);
          }}
        >
          <PlaceFields
            draft={placeDraft}
            shelter={shelter}
            municipalityChoice={municipalityChoice}
            onChange={(patch) => setPlaceDraft((draft) => ({ ...draft, ...patch }))}
            onShelter={(chosen) => {
              setShelter(chosen);
              setPlaceDraft((draft) => ({ ...draft, shelterId: chosen.id }));
            }}
            onMunicipalityChoice={(choice) => {
              setMunicipalityChoice(choice);
              const code = choice === OTHER_MUNICIPALITY ? '' : choice;
              setPlaceDraft((draft) => ({ ...draft, municipalityCode: code }));
            }}
          />
          <button
            type="submit"
            className="primary wide-button"
            disabled={busy !== null}
            data-testid="report-place-submit"
          >
            {t('family.report.placeSubmit')}
          </button>
        </form>
        {feedback(['place'])}
      </section>
    </div>
  );
}
