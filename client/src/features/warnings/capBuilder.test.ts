import { describe, expect, it } from 'vitest';
import { composeAlertBody } from '@contract/alerts/alerts.schema';
import type { DraftArea } from './areaModel';
import {
  buildAlert,
  buildCancel,
  emptyForm,
  formFromCap,
  formProblems,
  newIdentifier,
  referenceTo,
  type WarningForm,
} from './capBuilder';
import { WARNING_TEMPLATES } from './templates';

const NOW = new Date('2024-01-01T07:10:00.123Z'); // 16:10:00 in Japan

function filledForm(): WarningForm {
  const form = { ...emptyForm(), ...structuredClone(WARNING_TEMPLATES[1]!.fields) };
  return { ...form, areaDesc: '七尾市中島町', validHours: 3 };
}

const AREA: DraftArea = {
  shapes: [
    {
      kind: 'polygon',
      points: [
        [37.0, 136.9],
        [37.0, 137.0],
        [37.1, 137.0],
      ],
    },
    { kind: 'circle', center: [37.05, 136.95], radiusKm: 2.5 },
  ],
  municipalities: ['17202'],
};

describe('buildAlert', () => {
  it('builds a CAP alert the server accepts, with ja and en infos and +09:00 times', () => {
    const alert = buildAlert(filledForm(), AREA, { now: NOW, identifier: 'hinan-1' });
    expect(composeAlertBody.safeParse(alert).success).toBe(true);
    expect(alert).toMatchObject({
      identifier: 'hinan-1',
      sent: '2024-01-01T16:10:00+09:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(alert.references).toBeUndefined();
    expect(alert.info?.map((info) => info.language)).toEqual(['ja-JP', 'en-US']);
    const [ja, en] = alert.info!;
    expect(ja).toMatchObject({
      event: '避難指示',
      expires: '2024-01-01T19:10:00+09:00',
      urgency: 'Immediate',
    });
    expect(en?.event).toBe('Evacuation order');
    expect(ja?.area).toEqual([
      {
        areaDesc: '七尾市中島町',
        // CAP text is latitude first and closed by repeating the first point.
        polygon: ['37,136.9 37,137 37.1,137 37,136.9'],
        circle: ['37.05,136.95 2.5'],
        geocode: [{ valueName: 'JIS X0402', value: '17202' }],
      },
    ]);
    expect(JSON.stringify(alert)).not.toMatch(/\d{2}Z"/);
  });

  it('leaves out empty optional texts instead of sending blanks CAP forbids', () => {
    const form = filledForm();
    form.text.en.description = '   ';
    const alert = buildAlert(form, AREA, { now: NOW, identifier: 'x' });
    expect(alert.info?.[1]).not.toHaveProperty('description', expect.anything());
    expect(composeAlertBody.safeParse(alert).success).toBe(true);
  });

  it('makes an Update that references the message it replaces', () => {
    const previous = { sender: 'hinan-hq', identifier: 'hinan-1', sent: '2024-01-01T16:10:00+09:00' };
    const alert = buildAlert(filledForm(), AREA, { now: NOW, identifier: 'hinan-2', replaces: previous });
    expect(alert.msgType).toBe('Update');
    expect(alert.references).toBe('hinan-hq,hinan-1,2024-01-01T16:10:00+09:00');
    expect(composeAlertBody.safeParse(alert).success).toBe(true);
  });
});

describe('buildCancel', () => {
  it('cancels with a short bilingual notice and no area', () => {
    const previous = { sender: 'hinan-hq', identifier: 'hinan-1', sent: '2024-01-01T16:10:00+09:00' };
    const cancel = buildCancel(filledForm(), previous, { now: NOW, identifier: 'hinan-3' });
    expect(cancel).toMatchObject({ msgType: 'Cancel', references: referenceTo(previous) });
    expect(cancel.info?.map((info) => info.headline)).toEqual([
      '【解除】【警戒レベル4】避難指示',
      'Cancelled: [Alert level 4] Evacuation order',
    ]);
    expect(cancel.info?.every((info) => info.area?.length === 0)).toBe(true);
    expect(composeAlertBody.safeParse(cancel).success).toBe(true);
  });
});

describe('formProblems', () => {
  it('names every missing required part', () => {
    expect(formProblems(emptyForm(), { shapes: [], municipalities: [] })).toEqual([
      'area',
      'areaDesc',
      'ja.event',
      'ja.headline',
      'en.event',
      'en.headline',
    ]);
    expect(formProblems(filledForm(), AREA)).toEqual([]);
  });
});

describe('formFromCap', () => {
  it('round-trips a built alert back into the form and the area', () => {
    const form = filledForm();
    const alert = buildAlert(form, AREA, { now: NOW, identifier: 'hinan-1' });
    const back = formFromCap(alert, NOW);
    expect(back.form).toEqual(form);
    expect(back.area).toEqual(AREA);
    expect(back.skipped).toBe(0);
  });

  it('counts area parts it cannot edit', () => {
    const alert = buildAlert(filledForm(), AREA, { now: NOW, identifier: 'hinan-1' });
    alert.info![0]!.area![0]!.geocode = [{ valueName: '津波予報区', value: '391' }];
    expect(formFromCap(alert, NOW).skipped).toBe(1);
  });
});

describe('newIdentifier', () => {
  it('is a CAP token with the Japan time and a random suffix', () => {
    const identifier = newIdentifier(NOW, () => 0.5);
    expect(identifier).toMatch(/^hinan-20240101161000-[0-9a-z]{6}$/);
    expect(newIdentifier(NOW, () => 0.25)).not.toBe(identifier);
  });
});
