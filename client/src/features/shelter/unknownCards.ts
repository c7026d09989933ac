import type { UnknownCardTap } from '../../api/console';

export interface UnknownCardGroup {
  /** The newest tap of the card; binding it resolves every tap of the same card. */
  latest: UnknownCardTap;
  taps: number;
}

/** One row per card: someone tapping an unbound card three times is still one person waiting. */
export function groupUnknownCards(taps: readonly UnknownCardTap[]): UnknownCardGroup[] {
  const byCard = new Map<string, UnknownCardGroup>();
  for (const tap of taps) {
    const group = byCard.get(tap.cardRef);
    if (!group) byCard.set(tap.cardRef, { latest: tap, taps: 1 });
    else {
      group.taps += 1;
      if (Date.parse(tap.tappedAt) > Date.parse(group.latest.tappedAt)) group.latest = tap;
    }
  }
  return [...byCard.values()].sort((a, b) => Date.parse(b.latest.tappedAt) - Date.parse(a.latest.tappedAt));
}
