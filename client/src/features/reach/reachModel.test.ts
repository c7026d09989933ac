import { describe, expect, it } from 'vitest';
import type { AlertStatsEvent } from '../../api/alerts';
import type { AreaReach, ChannelCounts, DeliveryStatsEvent, Reach } from '../../api/delivery';
import {
  alertStatsApplied,
  channelRows,
  deliveryStatsApplied,
  funnelStages,
  movesFunnel,
  nextSort,
  percent,
  reachLoaded,
  sortAreas,
  updatedAt,
  WORST_REACHED_FIRST,
} from './reachModel';

const T0 = '2024-01-01T07:00:00.000Z';
const T1 = '2024-01-01T07:00:01.000Z';
const T2 = '2024-01-01T07:00:02.000Z';

function counts(channel: ChannelCounts['channel'], over: Partial<ChannelCounts> = {}): ChannelCounts {
  return {
    channel,
    queued: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    cancelled: 0,
    read: 0,
    responded: 0,
    ...over,
  };
}

function reach(over: Partial<Reach> = {}): Reach {
  return {
    alertId: 'A',
    funnel: { targeted: 10, reached: 4, read: 2, responded: 1 },
    channels: [counts('push', { sent: 6, delivered: 2 })],
    failures: [],
    inApp: { delivered: 3 },
    areas: [],
    at: T1,
    ...over,
  };
}

const stats = (over: Partial<DeliveryStatsEvent>): DeliveryStatsEvent => ({
  kind: 'alert',
  messageId: 'A',
  channels: [counts('push', { sent: 5, delivered: 3 })],
  failures: [{ channel: 'sms', errorId: 'sms_undeliv', failed: 1, retrying: 0 }],
  at: T2,
  ...over,
});

const area = (code: string | null, name: string | null, targeted: number, reached: number): AreaReach => ({
  municipalityCode: code,
  name,
  targeted,
  reached,
  read: 0,
  responded: 0,
});

describe('live merge', () => {
  it('applies channel pushes for the warning shown, newer than what is shown', () => {
    const view = reachLoaded(null, reach());
    const pushed = deliveryStatsApplied(view, stats({}))!;
    expect(pushed.channels).toEqual(stats({}).channels);
    expect(pushed.failures).toEqual(stats({}).failures);
    expect(pushed.funnel).toBe(view.funnel);
    expect(updatedAt(pushed)).toBe(T2);
    // Another warning, a notice with the same id, an older push: nothing changes.
    expect(deliveryStatsApplied(view, stats({ messageId: 'B' }))).toBe(view);
    expect(deliveryStatsApplied(view, stats({ kind: 'notice' }))).toBe(view);
    expect(deliveryStatsApplied(view, stats({ at: T0 }))).toBe(view);
    expect(deliveryStatsApplied(null, stats({}))).toBeNull();
  });

  it('keeps pushed channels when an older fetch lands afterwards, but takes its funnel', () => {
    let view = reachLoaded(null, reach({ at: T0 }));
    view = deliveryStatsApplied(view, stats({ at: T2 }))!;
    view = reachLoaded(view, reach({ at: T1, funnel: { targeted: 10, reached: 6, read: 3, responded: 1 } }));
    expect(view.channels).toEqual(stats({}).channels);
    expect(view.funnel.reached).toBe(6);
    // A fetch newer than the push replaces the channels too.
    view = reachLoaded(view, reach({ at: '2024-01-01T07:00:03.000Z' }));
    expect(view.channels).toEqual(reach().channels);
  });

  it('starts afresh when the fetch is of another warning', () => {
    const view = deliveryStatsApplied(reachLoaded(null, reach({ at: T0 })), stats({ at: T2 }));
    const other = reachLoaded(view, reach({ alertId: 'B', at: T1 }));
    expect(other.alertId).toBe('B');
    expect(other.channels).toEqual(reach().channels);
  });

  it('takes in-app receipts from alert:stats pushes in order', () => {
    const view = reachLoaded(null, reach());
    const event: AlertStatsEvent = {
      alertId: 'A',
      targeted: 10,
      delivered: 7,
      read: 2,
      responded: 1,
      needHelp: 0,
      at: T2,
    };
    expect(alertStatsApplied(view, event)!.inApp).toBe(7);
    expect(alertStatsApplied(view, { ...event, at: T0 })).toBe(view);
    expect(alertStatsApplied(view, { ...event, alertId: 'B' })).toBe(view);
  });

  it('fetches the funnel again only when deliveries, reads or answers moved', () => {
    const before = [counts('push', { queued: 10 }), counts('sms')];
    expect(movesFunnel(before, [counts('sms'), counts('push', { sending: 4, queued: 6 })])).toBe(false);
    expect(movesFunnel(before, [counts('push', { sent: 10 }), counts('sms', { failed: 1 })])).toBe(false);
    expect(movesFunnel(before, [counts('push', { sent: 9, delivered: 1 }), counts('sms')])).toBe(true);
    expect(movesFunnel(before, [counts('push', { queued: 10, read: 1 }), counts('sms')])).toBe(true);
    expect(movesFunnel(before, [counts('push', { queued: 10 }), counts('sms'), counts('email')])).toBe(false);
    expect(movesFunnel([], [counts('visit', { sent: 1, responded: 1 })])).toBe(true);
  });
});

describe('funnel', () => {
  it('gives each stage its share of the targeted and of the stage before, never rounding up to all', () => {
    expect(funnelStages({ targeted: 3, reached: 2, read: 1, responded: 0 })).toEqual([
      { stage: 'targeted', count: 3, ofTargeted: 100, ofPrevious: null },
      { stage: 'reached', count: 2, ofTargeted: 66.6, ofPrevious: 66.6 },
      { stage: 'read', count: 1, ofTargeted: 33.3, ofPrevious: 50 },
      { stage: 'responded', count: 0, ofTargeted: 0, ofPrevious: 0 },
    ]);
    expect(percent(999_999, 1_000_000)).toBe(99.9);
    expect(percent(1, 0)).toBeNull();
    expect(funnelStages({ targeted: 0, reached: 0, read: 0, responded: 0 })[1]).toMatchObject({
      ofTargeted: null,
      ofPrevious: null,
    });
  });
});

describe('channels', () => {
  it('lists every channel of the contract in escalation order, zeros for the unused', () => {
    const rows = channelRows([counts('visit', { sent: 2 }), counts('email', { failed: 1 })]);
    expect(rows.map((row) => row.channel)).toEqual(['push', 'sms', 'email', 'relay', 'visit']);
    expect(rows[0]).toEqual(counts('push'));
    expect(rows[2]!.failed).toBe(1);
    expect(rows[4]!.sent).toBe(2);
  });
});

describe('areas', () => {
  const compare = (a: string, b: string) => a.localeCompare(b, 'ja');
  const areas = [
    area('17202', '七尾市', 100, 90),
    area('17205', '金沢市', 1000, 500),
    area('17204', '輪島市', 10, 5),
    area(null, null, 4, 0),
    area('17203', '小松市', 0, 0),
  ];
  const codes = (sorted: AreaReach[]) => sorted.map((a) => a.municipalityCode);

  it('puts the worst reached first; an equal rate goes to the one with more people not reached', () => {
    expect(codes(sortAreas(areas, WORST_REACHED_FIRST, compare))).toEqual([
      null,
      '17205',
      '17204',
      '17202',
      '17203',
    ]);
  });

  it('sorts by any column, both ways, with areas without a rate or a name last', () => {
    const by = (key: Parameters<typeof nextSort>[1], direction: 'ascending' | 'descending') =>
      codes(sortAreas(areas, { key, direction }, compare));
    expect(by('reached', 'descending')).toEqual(['17202', '17205', '17204', null, '17203']);
    expect(by('unreached', 'descending')).toEqual(['17205', '17202', '17204', null, '17203']);
    expect(by('targeted', 'ascending')).toEqual(['17203', null, '17204', '17202', '17205']);
    expect(by('name', 'ascending').at(-1)).toBeNull();
    expect(by('name', 'descending').at(-1)).toBeNull();
  });

  it('starts a column where it helps most and turns it round on a second press', () => {
    expect(nextSort(WORST_REACHED_FIRST, 'reached')).toEqual({ key: 'reached', direction: 'descending' });
    expect(nextSort(WORST_REACHED_FIRST, 'unreached')).toEqual({ key: 'unreached', direction: 'descending' });
    expect(nextSort(WORST_REACHED_FIRST, 'read')).toEqual({ key: 'read', direction: 'ascending' });
    expect(nextSort(WORST_REACHED_FIRST, 'name')).toEqual({ key: 'name', direction: 'ascending' });
  });
});
