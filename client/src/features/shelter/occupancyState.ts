import type { ShelterOccupancyEvent } from '../../api/events';
import type { ConsoleShelterStatus, Occupancy, ShelterDetail } from '../../api/console';

/**
 * Applies a live count to the shelter shown. Events older than what is shown are dropped, so a slow
 * event can never roll the numbers back.
 */
export function applyOccupancyEvent(detail: ShelterDetail, event: ShelterOccupancyEvent): ShelterDetail {
  if (event.shelterId !== detail.id) return detail;
  if (detail.occupancyUpdatedAt !== null && Date.parse(event.at) < Date.parse(detail.occupancyUpdatedAt)) {
    return detail;
  }
  return {
    ...detail,
    occupancy: { total: event.occupancy, day: event.occupancyDay, overnight: event.occupancyOvernight },
    status: event.status,
    occupancyUpdatedAt: event.at,
  };
}

/** A REST answer (check-in, bind…) carries counts too; they are at least as new as the request. */
export function applyOccupancyResult(detail: ShelterDetail, occupancy: Occupancy | null): ShelterDetail {
  if (!occupancy || occupancy.shelterId !== detail.id) return detail;
  return {
    ...detail,
    occupancy: {
      total: occupancy.occupancy,
      day: occupancy.occupancyDay,
      overnight: occupancy.occupancyOvernight,
    },
    status: occupancy.status,
  };
}

export interface OccupancyMeter {
  /** Indoor capacity; null when the registry has none for this site. */
  capacity: number | null;
  /** 0..100+ share of capacity, null without capacity. */
  percent: number | null;
  level: 'closed' | 'ok' | 'near_full' | 'full' | 'unknown';
}

/** Near full from 80% of the shelter's own full threshold, so the bar warns before the status flips. */
export function occupancyMeter(
  total: number,
  capacity: number | null,
  status: ConsoleShelterStatus,
  fullThresholdPercent: number,
): OccupancyMeter {
  const percent = capacity !== null && capacity > 0 ? Math.round((total / capacity) * 100) : null;
  if (status === 'closed') return { capacity, percent, level: 'closed' };
  if (status === 'full') return { capacity, percent, level: 'full' };
  if (percent === null) return { capacity, percent, level: 'unknown' };
  if (percent >= fullThresholdPercent) return { capacity, percent, level: 'full' };
  if (percent >= fullThresholdPercent * 0.8) return { capacity, percent, level: 'near_full' };
  return { capacity, percent, level: 'ok' };
}
