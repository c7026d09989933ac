export interface PlannedTap {
  shelterId: string;
  cardUid: string;
  direction: 'in' | 'out';
  tappedAt: string;
}

/** Check-ins are stamped this long after the snapshot's check-outs, so a freed card can re-enter. */
export const CHECK_IN_OFFSET_MS = 1_000;

/**
 * Turns a sequence of occupancy targets into card taps. Keeps who is inside each shelter; a shelter
 * above its target checks out its earliest arrivals, one below it checks in people from the free
 * pool. Check-outs of a snapshot come first and carry its time, check-ins a second later, so every
 * card's taps move forward in time and none is recorded late.
 */
export class ReplayPlanner {
  private readonly inside = new Map<string, string[]>();
  private readonly free: string[];

  constructor(cardUids: string[]) {
    this.free = [...cardUids];
  }

  /** Taps that bring each shelter to `targets` (absent shelters to 0), outs first, then ins. */
  next(targets: Map<string, number>, at: Date): { outs: PlannedTap[]; ins: PlannedTap[] } {
    const outAt = at.toISOString();
    const inAt = new Date(at.getTime() + CHECK_IN_OFFSET_MS).toISOString();
    const outs: PlannedTap[] = [];
    const ins: PlannedTap[] = [];
    for (const [shelterId, people] of this.inside) {
      const leaving = people.length - (targets.get(shelterId) ?? 0);
      if (leaving <= 0) continue;
      for (const cardUid of people.splice(0, leaving)) {
        outs.push({ shelterId, cardUid, direction: 'out', tappedAt: outAt });
        this.free.push(cardUid);
      }
    }
    for (const [shelterId, target] of targets) {
      const people = this.inside.get(shelterId) ?? [];
      this.inside.set(shelterId, people);
      const arriving = target - people.length;
      if (arriving <= 0) continue;
      if (arriving > this.free.length) {
        throw new Error(`not enough residents: need ${arriving - this.free.length} more at ${outAt}`);
      }
      for (const cardUid of this.free.splice(0, arriving)) {
        ins.push({ shelterId, cardUid, direction: 'in', tappedAt: inAt });
        people.push(cardUid);
      }
    }
    return { outs, ins };
  }

  occupancy(shelterId: string): number {
    return this.inside.get(shelterId)?.length ?? 0;
  }
}

/** The most people inside at once over a sequence of targets: the residents a replay needs. */
export function peakOf(targetsSequence: Map<string, number>[]): number {
  let peak = 0;
  for (const targets of targetsSequence) {
    let total = 0;
    for (const n of targets.values()) total += n;
    peak = Math.max(peak, total);
  }
  return peak;
}
