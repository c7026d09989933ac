import { z } from 'zod';

const count = z.number().int().nonnegative();

export const hqTotals = z.object({
  incident: z.object({ id: z.uuid(), name: z.string(), startedAt: z.iso.datetime() }).nullable(),
  shelters: count,
  sheltersOpen: count,
  sheltersFull: count,
  inShelters: count.meta({ description: 'People checked in at a shelter now (all shelters)' }),
  atHome: count.meta({ description: 'Heard of since the incident started, last known at home' }),
  evacuatedOutside: count.meta({ description: 'Last known evacuated outside the area' }),
  elsewhere: count.meta({ description: 'Last known in a vehicle, with relatives or in hospital' }),
  unknownPlace: count.meta({ description: 'Heard of, but the report gave no place' }),
  unaccounted: count
    .nullable()
    .meta({ description: 'Registered residents not heard of since the incident started; null: no incident' }),
  registry: count,
  computedAt: z.iso.datetime(),
});

export const heatQuery = z.strictObject({
  cellMeters: z.coerce
    .number()
    .int()
    .min(100)
    .max(5_000)
    .default(500)
    .meta({ description: 'Grid cell side in metres (100–5,000)' }),
});

export const heatResponse = z.object({
  cell: z.object({ lon: z.number(), lat: z.number() }).meta({ description: 'Cell size in degrees' }),
  areas: z.array(
    z.object({
      alertId: z.uuid(),
      total: count,
      cells: z
        .array(z.tuple([z.number(), z.number(), count]))
        .meta({ description: '[lon, lat, people] per cell centre' }),
    }),
  ),
  computedAt: z.iso.datetime(),
});

export const timelineResponse = z.object({
  source: z.literal('nanao-2024'),
  snapshots: z.array(
    z.object({
      label: z.string(),
      at: z.iso.datetime(),
      /** People in the city's snapshot, every listed place. */
      total: count,
      /** People at places that are shelters of this system. */
      mapped: count,
    }),
  ),
  shelters: z.array(
    z.object({
      shelterId: z.uuid(),
      counts: z.array(count).meta({ description: 'People per snapshot, in snapshot order' }),
    }),
  ),
  unmatched: z.array(z.object({ name: z.string(), peak: count })),
});
