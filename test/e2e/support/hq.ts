import type { Page } from 'playwright-core';
// Brings in the `window.__hqMap` / `window.__hqWarnings` declarations the page installs.
import type {} from '@client/features/hq/testHook';
import type {} from '@client/features/warnings/testHook';

type Seen = Record<string, number>;

/**
 * Starts watching, inside the page, for the HQ map to show `occupancy` for a shelter; the returned
 * function waits for it and gives the page's clock time when it was first shown. Watching in the
 * page measures what the page did, not how fast this process and the browser talk to each other
 * (seconds apart on a busy machine).
 */
export async function watchMarkerOccupancy(
  page: Page,
  shelterId: string,
  occupancy: number,
): Promise<(timeoutMs?: number) => Promise<number>> {
  const key = `${shelterId}:${occupancy}`;
  await page.evaluate(
    ([id, expected, name]) => {
      const seen = ((window as { __e2eSeen?: Seen }).__e2eSeen ??= {});
      const check = () => {
        if (window.__hqMap?.shelter(id)?.occupancy !== expected) return false;
        seen[name] = Date.now();
        return true;
      };
      if (check()) return;
      const timer = setInterval(() => {
        if (check()) clearInterval(timer);
      }, 4);
    },
    [shelterId, occupancy, key] as const,
  );
  return async (timeoutMs = 10_000) => {
    const handle = await page.waitForFunction(
      (name) => (window as { __e2eSeen?: Seen }).__e2eSeen?.[name],
      key,
      { timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as number;
  };
}

/**
 * Starts watching, inside the page, for an element to appear; the returned function waits for it
 * and gives the page's clock time when it first appeared (see watchMarkerOccupancy for why).
 */
export async function watchSelector(
  page: Page,
  selector: string,
): Promise<(timeoutMs?: number) => Promise<number>> {
  await page.evaluate((css) => {
    const seen = ((window as { __e2eSeen?: Seen }).__e2eSeen ??= {});
    const check = () => {
      if (!document.querySelector(css)) return false;
      seen[css] = Date.now();
      return true;
    };
    if (check()) return;
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  }, selector);
  return async (timeoutMs = 10_000) => {
    const handle = await page.waitForFunction(
      (css) => (window as { __e2eSeen?: Seen }).__e2eSeen?.[css],
      selector,
      { timeout: timeoutMs },
    );
    return (await handle.jsonValue()) as number;
  };
}

/** Marks the page so a later check can tell it was never reloaded in between. */
export async function markPageLoad(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { __e2eSamePageLoad: true }));
}

export async function isSamePageLoad(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as { __e2eSamePageLoad?: boolean }).__e2eSamePageLoad === true);
}
