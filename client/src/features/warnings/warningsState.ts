import type { AlertDetail, AlertStats, AlertStatsEvent, NeedHelp } from '../../api/alerts';

/**
 * What the HQ map knows about warnings: the active ones with their areas, live receipt counts, and
 * the open calls for help. Pure functions over plain data, so the live merge rules are testable.
 */
export interface WarningsState {
  /** Active warnings, newest first. */
  active: AlertDetail[];
  /** Latest counts per alert id, from a fetch or an `alert:stats` push. */
  stats: Record<string, { stats: AlertStats; at: string | null }>;
  /** Open calls for help by `needHelpKey`. Resolved and withdrawn ones are dropped. */
  needHelp: Record<string, NeedHelp>;
}

export const INITIAL_WARNINGS: WarningsState = { active: [], stats: {}, needHelp: {} };

export const needHelpKey = (call: Pick<NeedHelp, 'alertId' | 'position'>) =>
  `${call.alertId}:${call.position}`;

/**
 * A fresh load. Counts from a push newer than the fetch are kept: the fetch may have been answered
 * before a receipt the push already reports. Calls for help of alerts not re-fetched stay, because
 * a person still needs help after the warning they answered was updated or cancelled.
 */
export function loaded(
  state: WarningsState,
  active: AlertDetail[],
  needHelp: { alertIds: string[]; calls: NeedHelp[] },
): WarningsState {
  const stats = { ...state.stats };
  for (const alert of active) {
    if (!stats[alert.id]?.at) stats[alert.id] = { stats: alert.stats, at: null };
  }
  const refreshed = new Set(needHelp.alertIds);
  const calls: Record<string, NeedHelp> = {};
  for (const [key, call] of Object.entries(state.needHelp)) {
    if (!refreshed.has(call.alertId)) calls[key] = call;
  }
  for (const call of needHelp.calls) if (call.state === 'open') calls[needHelpKey(call)] = call;
  return { active, stats, needHelp: calls };
}

export function statsApplied(state: WarningsState, event: AlertStatsEvent): WarningsState {
  const previous = state.stats[event.alertId];
  if (previous?.at && previous.at > event.at) return state;
  const { alertId, at, ...stats } = event;
  return { ...state, stats: { ...state.stats, [alertId]: { stats, at } } };
}

export function needHelpApplied(state: WarningsState, event: NeedHelp): WarningsState {
  const key = needHelpKey(event);
  const needHelp = { ...state.needHelp };
  if (event.state === 'open') needHelp[key] = event;
  else delete needHelp[key];
  return { ...state, needHelp };
}

export function statsOf(state: WarningsState, alert: AlertDetail): AlertStats {
  return state.stats[alert.id]?.stats ?? alert.stats;
}

/** Oldest first: the call waiting longest is worked on first. */
export function openCalls(state: WarningsState): NeedHelp[] {
  return Object.values(state.needHelp).sort(
    (a, b) => a.respondedAt.localeCompare(b.respondedAt) || a.position - b.position,
  );
}
