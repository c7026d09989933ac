import { api, request } from './http';
import type { ShelterKind } from './shelters';

/** Shapes of the shelter console API (docs/api-console.md, server/src/modules/console/console.schema.ts). */

export type StayType = 'day' | 'overnight';
export const STAY_TYPES: readonly StayType[] = ['day', 'overnight'];

export const CARE_NEEDS = ['elderly', 'disability', 'infant', 'pregnancy', 'medical', 'language'] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];

export type Registration = 'registry' | 'visitor' | 'tourist' | 'no_papers';
export type ConsoleShelterStatus = 'open' | 'closed' | 'full';

export type TapOutcome =
  'checked_in' | 'checked_out' | 'transferred' | 'recorded_late' | 'unknown_card' | 'rejected';

export interface ShelterDetail {
  id: string;
  name: string;
  nameKana: string | null;
  kind: ShelterKind;
  address: string | null;
  municipality: { code: string; name: string };
  location: { lon: number; lat: number };
  hazards: string[];
  capacity: { indoor: number | null; outdoor: number | null };
  occupancy: { total: number; day: number; overnight: number };
  occupancyUpdatedAt: string | null;
  status: ConsoleShelterStatus;
  fullThresholdPercent: number;
  /** People inside with at least one care need (要配慮者). */
  specialCareInside: number;
}

export interface Occupancy {
  shelterId: string;
  occupancy: number;
  occupancyDay: number;
  occupancyOvernight: number;
  capacity: number | null;
  status: ConsoleShelterStatus;
}

/** How staff screens name a person (server/src/modules/people/person-identity.ts). */
export interface PersonIdentity {
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  birthDate: string | null;
  sex: string;
  registration: Registration;
}

export interface Occupant extends PersonIdentity {
  residentId: string;
  language: string;
  careNeeds: CareNeed[];
  stayType: StayType;
  since: string;
  source: string;
  safety: string | null;
}

export interface TapLogEntry {
  eventId: string;
  readerId: string;
  readerName: string;
  outcome: TapOutcome;
  errorId: string | null;
  tappedAt: string;
  receivedAt: string;
  residentId: string | null;
  displayName: string | null;
  resolvedAt: string | null;
  occupancyAfter: number | null;
}

export interface UnknownCardTap {
  eventId: string;
  readerId: string;
  readerName: string;
  tappedAt: string;
  receivedAt: string;
  /** The same for every tap of one card; not the UID. */
  cardRef: string;
}

export const CARD_KINDS = ['my_number', 'transit', 'issued', 'other'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

export interface BindResult {
  cardId: string;
  residentId: string;
  resolvedEventIds: string[];
  checkedIn: boolean;
  occupancy: Occupancy | null;
}

export interface WalkInInput {
  familyName: string;
  givenName: string;
  familyNameKana?: string;
  givenNameKana?: string;
  birthDate?: string;
  sex: 'female' | 'male' | 'other' | 'unspecified';
  registration: 'visitor' | 'tourist' | 'no_papers';
  language?: string;
  careNeeds?: CareNeed[];
  unknownCardEventId?: string;
  cardKind?: CardKind;
  checkIn?: boolean;
  stayType?: StayType;
}

export interface WalkInResult {
  residentId: string;
  cardId: string | null;
  checkedIn: boolean;
  occupancy: Occupancy | null;
}

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
