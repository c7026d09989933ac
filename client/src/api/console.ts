import { api, request } from './http';
import type { z } from 'zod';
import type { occupantSchema, shelterDetail, tapLogEntry } from '@contract/console/console.schema';
import type {
  bindResult,
  occupancySchema,
  unknownCardSchema,
  walkInResult,
} from '@contract/people/people.schema';
import type { walkInBody } from '@contract/people/people.schema';

/** Shapes of the shelter console API (docs/api-console.md, contract/console/console.schema.ts). */

export type StayType = 'day' | 'overnight';
export const STAY_TYPES: readonly StayType[] = ['day', 'overnight'];

export const CARE_NEEDS = ['elderly', 'disability', 'infant', 'pregnancy', 'medical', 'language'] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

export type Registration = 'registry' | 'visitor' | 'tourist' | 'no_papers';
export type ConsoleShelterStatus = 'open' | 'closed' | 'full';

export type TapOutcome =
  'checked_in' | 'checked_out' | 'transferred' | 'recorded_late' | 'unknown_card' | 'rejected';

export type ShelterDetail = z.output<typeof shelterDetail>;

export type Occupancy = z.output<typeof occupancySchema>;

/** How staff screens name a person (contract/people/person-identity.ts). */
export interface PersonIdentity {
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  birthDate: string | null;
  sex: string;
  registration: Registration;
}

export type Occupant = z.output<typeof occupantSchema>;

export type TapLogEntry = z.output<typeof tapLogEntry>;

export type UnknownCardTap = z.output<typeof unknownCardSchema>;

export const CARD_KINDS = ['my_number', 'transit', 'issued', 'other'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export type BindResult = z.output<typeof bindResult>;

export type WalkInInput = z.input<typeof walkInBody>;

export type WalkInResult = z.output<typeof walkInResult>;

const shelterPath = (shelterId: string) => `/api/shelters/${encodeURIComponent(shelterId)}`;

export function fetchShelterDetail(shelterId: string, signal?: AbortSignal): Promise<ShelterDetail> {
  return api.get<ShelterDetail>(shelterPath(shelterId), { signal });
}

export function updateShelter(
  shelterId: string,
  change: { status?: 'open' | 'closed'; fullThresholdPercent?: number },
): Promise<ShelterDetail> {
  return request<ShelterDetail>('PATCH', shelterPath(shelterId), { body: change });
}

export function fetchOccupants(
  shelterId: string,
  q: string,
  signal?: AbortSignal,
): Promise<{ total: number; occupants: Occupant[] }> {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  const search = params.toString();
  return api.get(`${shelterPath(shelterId)}/occupants${search ? `?${search}` : ''}`, { signal });
}

export function fetchTaps(
  shelterId: string,
  limit: number,
  signal?: AbortSignal,
): Promise<{ taps: TapLogEntry[] }> {
  return api.get(`${shelterPath(shelterId)}/taps?limit=${limit}`, { signal });
}

export function fetchUnknownCards(
  shelterId: string,
  signal?: AbortSignal,
): Promise<{ taps: UnknownCardTap[] }> {
  return api.get(`${shelterPath(shelterId)}/unknown-cards`, { signal });
}

export function bindUnknownCard(
  shelterId: string,
  eventId: string,
  body: { residentId: string; kind: CardKind },
): Promise<BindResult> {
  return api.post(`${shelterPath(shelterId)}/unknown-cards/${encodeURIComponent(eventId)}/bind`, body);
}

export function registerWalkIn(shelterId: string, body: WalkInInput): Promise<WalkInResult> {
  return api.post(`${shelterPath(shelterId)}/walk-ins`, body);
}

export function manualCheckin(
  shelterId: string,
  body: { residentId: string; action: 'check_in' | 'check_out'; stayType?: StayType },
): Promise<{ outcome: 'checked_in' | 'checked_out' | 'transferred'; occupancy: Occupancy }> {
  return api.post(`${shelterPath(shelterId)}/checkins`, body);
}

export function transferOccupant(
  shelterId: string,
  body: { residentId: string; toShelterId: string },
): Promise<{ outcome: 'transferred'; from: Occupancy; to: Occupancy }> {
  return api.post(`${shelterPath(shelterId)}/transfers`, body);
}

export function updateOccupant(
  shelterId: string,
  residentId: string,
  change: { stayType?: StayType; careNeeds?: CareNeed[] },
): Promise<{ residentId: string; stayType: StayType; careNeeds: CareNeed[]; occupancy: Occupancy }> {
  return request('PATCH', `${shelterPath(shelterId)}/occupants/${encodeURIComponent(residentId)}`, {
    body: change,
  });
}
