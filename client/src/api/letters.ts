import type { z } from 'zod';
import type {
  createLetterBatchBody,
  createdLetterBatch,
  letterBatch,
  letterBatchList,
} from '@contract/enrolment/letters.schema';
import { api } from './http';

export type LetterBatch = z.output<typeof letterBatch>;
export type CreatedLetterBatch = z.output<typeof createdLetterBatch>;

export async function fetchLetterBatches(): Promise<LetterBatch[]> {
  return (await api.get<z.output<typeof letterBatchList>>('/api/enrolment/letters')).batches;
}

export type LetterBatchRequest = z.input<typeof createLetterBatchBody>;

export function createLetterBatch(request: LetterBatchRequest): Promise<CreatedLetterBatch> {
  return api.post('/api/enrolment/letters', request);
}

export function cancelLetterBatch(batchId: string): Promise<LetterBatch> {
  return api.post(`/api/enrolment/letters/${batchId}/cancel`);
}

/** A plain link: the browser downloads the file with the session cookie (each download is recorded). */
export const letterFileUrl = (batchId: string, file: 'pdf' | 'csv') =>
  `/api/enrolment/letters/${batchId}/files/${file}`;
