import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  localInputValue,
  toSendBody,
  toTargeting,
  toggled,
  type NoticeDraft,
} from './noticeDraft';

const now = new Date('2026-01-10T09:00:00+09:00');
const filled = (over: Partial<NoticeDraft> = {}): NoticeDraft => ({
  ...emptyDraft(now),
  ja: { title: '罹災証明書', body: '申請はリンクから' },
  ...over,
});

describe('notice draft', () => {
  it('sends only the criteria picked, with the polygon closed as [lon, lat]', () => {
    expect(
      toTargeting(
        filled({
          municipalityCodes: ['17202'],
          polygon: [
            [37, 136.9],
            [37, 137],
            [37.1, 137],
          ],
          ageMin: '65',
          whereabouts: ['evacuated_outside'],
        }),
      ),
    ).toEqual({
      municipalityCodes: ['17202'],
      polygons: [
        [
          [136.9, 37],
          [137, 37],
          [137, 37.1],
          [136.9, 37],
        ],
      ],
      ageMin: 65,
      whereabouts: ['evacuated_outside'],
    });
    expect(toTargeting(filled({ polygon: [[37, 137]] }))).toEqual({});
  });

  it('refuses bad ages', () => {
    expect(toTargeting(filled({ ageMin: 'x' }))).toBe('notices.error.age');
    expect(toTargeting(filled({ ageMin: '1.5' }))).toBe('notices.error.age');
    expect(toTargeting(filled({ ageMax: '131' }))).toBe('notices.error.age');
    expect(toTargeting(filled({ ageMin: '70', ageMax: '60' }))).toBe('notices.error.ageOrder');
  });

  it('needs Japanese, complete English when begun, and an end in the future', () => {
    expect(toSendBody(emptyDraft(now), now)).toBe('notices.error.jaRequired');
    expect(toSendBody(filled({ en: { title: 'Title', body: '' } }), now)).toBe('notices.error.enIncomplete');
    expect(toSendBody(filled({ endsAt: localInputValue(now, -1) }), now)).toBe('notices.error.endsAt');
    const body = toSendBody(filled({ link: ' https://example.jp/a ' }), now);
    expect(body).toMatchObject({
      texts: { ja: { title: '罹災証明書' } },
      link: 'https://example.jp/a',
      targeting: {},
    });
    expect(body).not.toHaveProperty('texts.en');
  });

  it('toggles picks', () => {
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
  });
});
