import type { AlertStatsEvent } from '../../api/alerts';
import type {
  AreaReach,
  ChannelCounts,
  DeliveryChannel,
  DeliveryFailure,
  DeliveryStatsEvent,
  Reach,
} from '../../api/delivery';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '../../api/delivery';

/**
 * What HQ's reach panel shows for one warning, and the rules that keep it live: a fetch of
 * `GET /api/alerts/:id/reach` gives everything; `delivery:stats` pushes replace the channel
 * counts and failures; `alert:stats` pushes replace the in-app receipts. Each part keeps the
 * server time of its counts, so a late, older answer never steps a newer one back. Pure functions
 * over plain data.
 */
export interface ReachView {
  alertId: string;
  funnel: Reach['funnel'];
  areas: AreaReach[];
  channels: ChannelCounts[];
  failures: DeliveryFailure[];
  /** People whose open app or portal confirmed the warning arrived. */
  inApp: number;
  /** Server time of the funnel and areas (the last fetch). */
  fetchedAt: string;
  /** Server time of the channels and failures (the fetch or a `delivery:stats` push). */
  channelsAt: string;
  /** Server time of `inApp` (the fetch or an `alert:stats` push). */
  inAppAt: string;
}

export function reachLoaded(view: ReachView | null, reach: Reach): ReachView {
  const fresh: ReachView = {
    alertId: reach.alertId,
    funnel: reach.funnel,
    areas: reach.areas,
    channels: reach.channels,
    failures: reach.failures,
    inApp: reach.inApp.delivered,
    fetchedAt: reach.at,
    channelsAt: reach.at,
    inAppAt: reach.at,
  };
  if (!view || view.alertId !== reach.alertId) return fresh;
  const next = { ...view };
  if (reach.at >= view.fetchedAt)
    Object.assign(next, { funnel: fresh.funnel, areas: fresh.areas, fetchedAt: reach.at });
  if (reach.at >= view.channelsAt) {
    Object.assign(next, { channels: fresh.channels, failures: fresh.failures, channelsAt: reach.at });
  }
  if (reach.at >= view.inAppAt) Object.assign(next, { inApp: fresh.inApp, inAppAt: reach.at });
  return next;
}

/** Server time of the newest counts on show. */
export function updatedAt(view: ReachView): string {
  return [view.fetchedAt, view.channelsAt, view.inAppAt].reduce((a, b) => (b > a ? b : a));
}

/** The view with a `delivery:stats` push applied; the same object when the push is not for it. */
export function deliveryStatsApplied(view: ReachView | null, event: DeliveryStatsEvent): ReachView | null {
  if (!view || event.kind !== 'alert' || event.messageId !== view.alertId || event.at < view.channelsAt) {
    return view;
  }
  return { ...view, channels: event.channels, failures: event.failures, channelsAt: event.at };
}

/** The view with an `alert:stats` push applied (its `delivered` is the in-app receipt count). */
export function alertStatsApplied(view: ReachView | null, event: AlertStatsEvent): ReachView | null {
  if (!view || event.alertId !== view.alertId || event.at < view.inAppAt) return view;
  return { ...view, inApp: event.delivered, inAppAt: event.at };
}

/**
 * Whether new channel counts can move the funnel or the areas (a confirmed delivery, a read or an
 * answer). Rows only moving along queued → sending → sent cannot, so a send-out to a whole city
 * costs no fetch of the funnel at all.
 */
export function movesFunnel(before: readonly ChannelCounts[], after: readonly ChannelCounts[]): boolean {
  const key = (counts: readonly ChannelCounts[]) =>
    counts
      .filter((c) => c.delivered + c.read + c.responded > 0)
      .sort((a, b) => a.channel.localeCompare(b.channel))
      .map((c) => `${c.channel}:${c.delivered}:${c.read}:${c.responded}`)
      .join('|');
  return key(before) !== key(after);
}

/** Share of `total` in percent, rounded down to 0.1 (so 100 % means all, not nearly all). */
export function percent(part: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.floor((part * 1000) / total) / 10;
}

export const FUNNEL_STAGES = ['targeted', 'reached', 'read', 'responded'] as const;
export type FunnelStageName = (typeof FUNNEL_STAGES)[number];

export interface FunnelStage {
  stage: FunnelStageName;
  count: number;
  /** Percent of the targeted; null when nobody is targeted. */
  ofTargeted: number | null;
  /** Percent of the stage before; null for the first stage or when the one before is empty. */
  ofPrevious: number | null;
}

export function funnelStages(funnel: Reach['funnel']): FunnelStage[] {
  return FUNNEL_STAGES.map((stage, index) => {
    const previous = index > 0 ? funnel[FUNNEL_STAGES[index - 1]!] : null;
    return {
      stage,
      count: funnel[stage],
      ofTargeted: percent(funnel[stage], funnel.targeted),
      ofPrevious: previous === null ? null : percent(funnel[stage], previous),
    };
  });
}

/** Escalation's order: push first, then SMS, e-mail, designees, a visit (docs/escalation.md). */
const CHANNEL_RANK: Record<DeliveryChannel, number> = { push: 0, sms: 1, email: 2, relay: 3, visit: 4 };

const emptyCounts = (channel: DeliveryChannel): ChannelCounts => ({
  channel,
  ...(Object.fromEntries(DELIVERY_STATUSES.map((status) => [status, 0])) as Record<
    (typeof DELIVERY_STATUSES)[number],
    number
  >),
  read: 0,
  responded: 0,
});

/** Every channel the contract names, in escalation's order; a channel not used yet shows zeros. */
export function channelRows(channels: readonly ChannelCounts[]): ChannelCounts[] {
  return [...DELIVERY_CHANNELS]
    .sort((a, b) => CHANNEL_RANK[a] - CHANNEL_RANK[b])
    .map((channel) => channels.find((c) => c.channel === channel) ?? emptyCounts(channel));
}

export type AreaSortKey = 'name' | 'targeted' | 'unreached' | 'reached' | 'read' | 'responded';
export type SortDirection = 'ascending' | 'descending';
export interface AreaSort {
  key: AreaSortKey;
  direction: SortDirection;
}

/** What HQ acts on first: the municipality whose people the warning reached least. */
export const WORST_REACHED_FIRST: AreaSort = { key: 'reached', direction: 'ascending' };

const RATE_KEYS = new Set<AreaSortKey>(['reached', 'read', 'responded']);

export const unreachedOf = (area: Pick<AreaReach, 'targeted' | 'reached'>) => area.targeted - area.reached;

/**
 * A click on a column: the same column turns round; another starts where it helps most (rates
 * lowest first, counts highest first, names in order).
 */
export function nextSort(current: AreaSort, key: AreaSortKey): AreaSort {
  if (current.key === key) {
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { key, direction: RATE_KEYS.has(key) || key === 'name' ? 'ascending' : 'descending' };
}

/**
 * Areas in the chosen order. Rates are shares of each area's targeted; ties go to the area with
 * more people not reached, then by code. An area with nobody targeted has no rate and comes last;
 * so does the row of people without a known home municipality when sorting by name.
 */
export function sortAreas(
  areas: readonly AreaReach[],
  sort: AreaSort,
  compareText: (a: string, b: string) => number,
): AreaReach[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byKey = (a: AreaReach, b: AreaReach): number => {
    if (sort.key === 'name') {
      if (a.name === null || b.name === null) return a.name === b.name ? 0 : a.name === null ? 1 : -1;
      return sign * compareText(a.name, b.name);
    }
    if (sort.key === 'targeted') return sign * (a.targeted - b.targeted);
    if (sort.key === 'unreached') return sign * (unreachedOf(a) - unreachedOf(b));
    const rateA = percentExact(a[sort.key], a.targeted);
    const rateB = percentExact(b[sort.key], b.targeted);
    if (rateA === null || rateB === null) return rateA === rateB ? 0 : rateA === null ? 1 : -1;
    return sign * (rateA - rateB);
  };
  return [...areas].sort(
    (a, b) =>
      byKey(a, b) ||
      unreachedOf(b) - unreachedOf(a) ||
      (a.municipalityCode ?? '\uffff').localeCompare(b.municipalityCode ?? '\uffff'),
  );
}

function percentExact(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}
