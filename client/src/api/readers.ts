import { api, request } from './http';
import type { z } from 'zod';
import type { readerMode, readerSchema, readerWithKey } from '@contract/readers/readers.schema';

export type ReaderMode = z.output<typeof readerMode>;
export const READER_MODES: readonly ReaderMode[] = ['toggle', 'in', 'out'];

export type Reader = z.output<typeof readerSchema>;

/** The device key is only ever in this answer; the server keeps its hash. */
export type ReaderWithKey = z.output<typeof readerWithKey>;

export function fetchReaders(shelterId: string, signal?: AbortSignal): Promise<{ readers: Reader[] }> {
  return api.get(`/api/shelters/${encodeURIComponent(shelterId)}/readers`, { signal });
}

export function registerReader(
  shelterId: string,
  body: { name: string; mode: ReaderMode },
): Promise<ReaderWithKey> {
  return api.post(`/api/shelters/${encodeURIComponent(shelterId)}/readers`, body);
}

export function updateReader(
  readerId: string,
  change: { name?: string; mode?: ReaderMode; shelterId?: string },
): Promise<Reader> {
  return request('PATCH', `/api/readers/${encodeURIComponent(readerId)}`, { body: change });
}

export function rotateReaderKey(readerId: string): Promise<ReaderWithKey> {
  return api.post(`/api/readers/${encodeURIComponent(readerId)}/rotate-key`);
}

export function revokeReader(readerId: string): Promise<Reader> {
  return api.post(`/api/readers/${encodeURIComponent(readerId)}/revoke`);
}
