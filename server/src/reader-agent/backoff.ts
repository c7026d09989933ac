export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * Capped exponential backoff with jitter: the n-th consecutive failure waits between half and
 * all of min(cap, base·2ⁿ⁻¹), so many readers coming back after one outage do not retry in step.
 */
export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
