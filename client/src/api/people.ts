import { api } from './http';
import type { z } from 'zod';
import type { personSummary, whereaboutsSummary } from '@contract/people/people.schema';

export type PersonWhereabouts = z.output<typeof whereaboutsSummary>;

export type PersonSummary = z.output<typeof personSummary>;

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

/** The person whose card was tapped (a keyboard-wedge reader types the UID); access-logged with the purpose. */
export function findPersonByCard(cardUid: string, purpose: string): Promise<{ person: PersonSummary }> {
  return api.post('/api/people/by-card', { cardUid: cardUid.trim(), purpose: purpose.trim() });
}
