import type { z } from 'zod';
import type {
  createPostBatchBody,
  createdPostBatch,
  postBatch,
  postBatchList,
  postReach,
} from '@contract/post/post.schema';
import type { PostBatchEvent } from '@contract/events';
import { api } from './http';

export type PostReach = z.output<typeof postReach>;
export type PostBatch = z.output<typeof postBatch>;
export type CreatedPostBatch = z.output<typeof createdPostBatch>;
export type PostBatchRequest = z.input<typeof createPostBatchBody>;
export type { PostBatchEvent };

const minutesParam = (minutes: number | null) => (minutes === null ? '' : `&unreadAfterMinutes=${minutes}`);

/** Counts only: how many people of the warning no channel reaches, and the letters it would take. */
export function fetchPostReach(alertId: string, unreadAfterMinutes: number | null): Promise<PostReach> {
  return api.get(`/api/post/reach?alertId=${alertId}${minutesParam(unreadAfterMinutes)}`);
}

export async function fetchPostBatches(alertId: string): Promise<PostBatch[]> {
  return (await api.get<z.output<typeof postBatchList>>(`/api/post/batches?alertId=${alertId}`)).batches;
}

export function createPostBatch(request: PostBatchRequest): Promise<CreatedPostBatch> {
  return api.post('/api/post/batches', request);
}

export function cancelPostBatch(batchId: string): Promise<PostBatch> {
  return api.post(`/api/post/batches/${batchId}/cancel`);
}

/** A plain link: the browser downloads the file with the session cookie (each download is logged). */
export const postFileUrl = (batchId: string, file: 'pdf' | 'csv') =>
  `/api/post/batches/${batchId}/files/${file}`;
