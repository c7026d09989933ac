import { api } from './http';
import type { PersonIdentity, StayType } from './console';

export interface PersonWhereabouts {
  place: string;
  shelterId: string | null;
  shelterName: string | null;
  stayType: StayType | null;
  since: string;
}

export interface PersonSummary extends PersonIdentity {
  id: string;
  homeMunicipality: { code: string; name: string } | null;
  whereabouts: PersonWhereabouts | null;
  /** Name similarity 0..1, best first. */
  score: number;
}

export interface PersonSearch {
  q: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  /** Why the data is looked at; the server keeps it in the access log. */
  purpose: string;
  limit?: number;
}

export function searchPeople(
  search: PersonSearch,
  signal?: AbortSignal,
): Promise<{ people: PersonSummary[] }> {
  const params = new URLSearchParams({ q: search.q.trim(), purpose: search.purpose.trim() });
  if (search.birthDate) params.set('birthDate', search.birthDate);
  if (search.limit !== undefined) params.set('limit', String(search.limit));
  return api.get(`/api/people/search?${params.toString()}`, { signal });
}
