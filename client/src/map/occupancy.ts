import type { ShelterStatus } from '../api/shelters';

/**
 * How full a shelter looks on the map. GSI data has no capacities for most sites, so a shelter with
 * people but no known capacity gets its own class instead of a guessed ratio.
 */
export const OCCUPANCY_CLASSES = [
  'empty',
  'filling',
  'occupied_unknown',
  'near_full',
  'full',
  'closed',
] as const;
export type OccupancyClass = (typeof OCCUPANCY_CLASSES)[number];

/** From this share of capacity a shelter should start sending people elsewhere. */
export const NEAR_FULL_RATIO = 0.8;

export interface OccupancyInput {
  occupancy: number;
  capacity: number | null;
  status: ShelterStatus;
}

export function classifyOccupancy({ occupancy, capacity, status }: OccupancyInput): OccupancyClass {
  if (status === 'closed') return 'closed';
  if (status === 'full') return 'full';
  if (occupancy <= 0) return 'empty';
  if (capacity === null || capacity <= 0) return 'occupied_unknown';
  const ratio = occupancy / capacity;
  if (ratio >= 1) return 'full';
  if (ratio >= NEAR_FULL_RATIO) return 'near_full';
  return 'filling';
}

/** Blue-to-red diverging scheme (ColorBrewer RdYlBu) so the order also reads without colour vision. */
export const OCCUPANCY_COLOURS: Record<OccupancyClass, { fill: string; stroke: string; text: string }> = {
  empty: { fill: '#2c7bb6', stroke: '#174a70', text: '#ffffff' },
  filling: { fill: '#abd9e9', stroke: '#3b7d99', text: '#0b2633' },
  occupied_unknown: { fill: '#9e7bb5', stroke: '#553a69', text: '#ffffff' },
  near_full: { fill: '#fdae61', stroke: '#a35a10', text: '#2b1600' },
  full: { fill: '#d7191c', stroke: '#7a0b0d', text: '#ffffff' },
  closed: { fill: '#9a9a9a', stroke: '#555555', text: '#111111' },
};

export interface ClusterSummary {
  occupancyClass: OccupancyClass;
  /** Members that are full on their own; shown as a badge so they are never averaged away. */
  fullCount: number;
}

/**
 * A cluster is coloured by the group as a whole (people in it against the capacity known for it),
 * not by its worst member: in a real disaster almost every town has one full school, and painting
 * every cluster red would hide where space is left. Full members are counted separately.
 */
export function summariseCluster(members: Iterable<OccupancyInput>): ClusterSummary {
  let memberCount = 0;
  let openCount = 0;
  let fullCount = 0;
  let occupancyWithCapacity = 0;
  let capacity = 0;
  let occupancyWithoutCapacity = 0;
  for (const member of members) {
    memberCount += 1;
    if (classifyOccupancy(member) === 'full') fullCount += 1;
    if (member.status === 'closed') continue;
    openCount += 1;
    if (member.capacity !== null && member.capacity > 0) {
      occupancyWithCapacity += member.occupancy;
      capacity += member.capacity;
    } else {
      occupancyWithoutCapacity += member.occupancy;
    }
  }
  if (memberCount > 0 && openCount === 0) return { occupancyClass: 'closed', fullCount };
  if (occupancyWithCapacity > 0) {
    const occupancyClass = classifyOccupancy({ occupancy: occupancyWithCapacity, capacity, status: 'open' });
    return { occupancyClass, fullCount };
  }
  return { occupancyClass: occupancyWithoutCapacity > 0 ? 'occupied_unknown' : 'empty', fullCount };
}
