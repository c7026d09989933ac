import type { Place, ReportBody, Safety, StayType } from '../../api/family';

export const NOTE_MAX = 500;

/** What the report form holds before it is sent; `kind` is the button pressed. */
export interface ReportDraft {
  kind: 'safe' | 'help' | 'place';
  note: string;
  place: Place | null;
  shelterId: string | null;
  stayType: StayType | null;
  municipalityCode: string;
}

export const emptyDraft = (kind: ReportDraft['kind']): ReportDraft => ({
  kind,
  note: '',
  place: null,
  shelterId: null,
  stayType: null,
  municipalityCode: '',
});

export type DraftResult = { ok: true; body: ReportBody } | { ok: false; error: string };

const SAFETY_OF: Record<'safe' | 'help', Safety> = { safe: 'safe', help: 'needs_support' };

/**
 * Turns the form into the request body, catching what the server would refuse with a message the
 * person can act on before anything is sent. What is not said stays as it is on the server.
 */
export function buildReportBody(draft: ReportDraft): DraftResult {
  const body: ReportBody = {};
  const note = draft.note.trim();
  if (note.length > NOTE_MAX) return { ok: false, error: 'note_too_long' };
  if (note !== '') body.note = note;

  if (draft.kind !== 'place') return { ok: true, body: { safety: SAFETY_OF[draft.kind], ...body } };

  if (draft.place === null) return { ok: false, error: 'place_required' };
  body.place = draft.place;
  if (draft.place === 'shelter') {
    if (!draft.shelterId) return { ok: false, error: 'shelter_required' };
    body.shelterId = draft.shelterId;
    if (draft.stayType) body.stayType = draft.stayType;
  }
  if (draft.place === 'evacuated_outside') {
    const code = draft.municipalityCode.normalize('NFKC').trim();
    // The municipality is optional (people do not always know the code), but a wrong one is refused.
    if (code !== '') {
      if (!/^[0-9]{5}$/.test(code)) return { ok: false, error: 'invalid_municipality' };
      body.municipalityCode = code;
    }
  }
  return { ok: true, body };
}
