import { describe, expect, it } from 'vitest';
import { buildReportBody, emptyDraft, NOTE_MAX } from './reportDraft';

describe('buildReportBody', () => {
  it('sends only the safety for "I\'m safe" and "I need help", keeping the place as it is', () => {
    expect(buildReportBody(emptyDraft('safe'))).toEqual({ ok: true, body: { safety: 'safe' } });
    expect(buildReportBody({ ...emptyDraft('help'), note: '  足をけがしました ' })).toEqual({
      ok: true,
      body: { safety: 'needs_support', note: '足をけがしました' },
    });
  });

  it('refuses a note longer than the server takes', () => {
    expect(buildReportBody({ ...emptyDraft('safe'), note: 'あ'.repeat(NOTE_MAX + 1) })).toEqual({
      ok: false,
      error: 'note_too_long',
    });
  });

  it('needs a place, and a shelter for the place "shelter"', () => {
    expect(buildReportBody(emptyDraft('place'))).toEqual({ ok: false, error: 'place_required' });
    expect(buildReportBody({ ...emptyDraft('place'), place: 'shelter' })).toEqual({
      ok: false,
      error: 'shelter_required',
    });
    expect(
      buildReportBody({ ...emptyDraft('place'), place: 'shelter', shelterId: 's1', stayType: 'day' }),
    ).toEqual({ ok: true, body: { place: 'shelter', shelterId: 's1', stayType: 'day' } });
  });

  it('does not send a shelter or municipality left over from another place', () => {
    expect(
      buildReportBody({ ...emptyDraft('place'), place: 'home', shelterId: 's1', municipalityCode: '17201' }),
    ).toEqual({ ok: true, body: { place: 'home' } });
  });

  it('takes an optional 5-digit municipality, full-width digits too', () => {
    expect(buildReportBody({ ...emptyDraft('place'), place: 'evacuated_outside' })).toEqual({
      ok: true,
      body: { place: 'evacuated_outside' },
    });
    expect(
      buildReportBody({ ...emptyDraft('place'), place: 'evacuated_outside', municipalityCode: '１６２０１' }),
    ).toEqual({ ok: true, body: { place: 'evacuated_outside', municipalityCode: '16201' } });
    expect(
      buildReportBody({ ...emptyDraft('place'), place: 'evacuated_outside', municipalityCode: '1620' }),
    ).toEqual({ ok: false, error: 'invalid_municipality' });
  });
});
