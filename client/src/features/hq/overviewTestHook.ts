/**
 * Read-only handle for browser tests and the HQ map benchmark (`window.__hqOverview`), next to
 * `window.__hqMap`: what the side panel and the heat layer show, read without parsing text.
 */
export interface HqOverviewTestHook {
  heatCells(): number;
  heatPeople(): number;
  /** Unaccounted people inside one active warning, as the heat layer last counted them. */
  heatPeopleIn(alertId: string): number | undefined;
  /** The timeline snapshot on the map; null when live. */
  timelineIndex(): number | null;
  unaccounted(): number | null;
}

declare global {
  interface Window {
    __hqOverview?: HqOverviewTestHook;
  }
}

export function installOverviewTestHook(hook: HqOverviewTestHook): () => void {
  window.__hqOverview = hook;
  return () => {
    if (window.__hqOverview === hook) delete window.__hqOverview;
  };
}
