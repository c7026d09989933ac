import type { z } from 'zod';
import type {
  assigneeSchema,
  hqTaskSchema,
  myTaskSchema,
  openTasksResponse,
  unreachedHeatResponse,
  unreachedResponse,
  VisitOutcome,
} from '@contract/visits/visits.schema';
import { api } from './http';

export type { VisitTaskEvent } from '@contract/events';
export type { VisitOutcome, VisitStatus } from '@contract/visits/visits.schema';
export type Unreached = z.output<typeof unreachedResponse>;
export type UnreachedPerson = Unreached['people'][number];
export type UnreachedHeat = z.output<typeof unreachedHeatResponse>;
export type OpenTasksResult = z.output<typeof openTasksResponse>;
export type HqVisitTask = z.output<typeof hqTaskSchema>;
export type MyVisitTask = z.output<typeof myTaskSchema>;
export type Assignee = z.output<typeof assigneeSchema>;

const alertPath = (alertId: string) => `/api/alerts/${encodeURIComponent(alertId)}`;

/** Each read of the list is written to the listed people's access logs on the server. */
export const fetchUnreached = (alertId: string, limit: number, signal?: AbortSignal) =>
  api.get<Unreached>(`${alertPath(alertId)}/unreached?limit=${limit}`, { signal });

export const fetchUnreachedHeat = (alertId: string, cellMeters: number, signal?: AbortSignal) =>
  api.get<UnreachedHeat>(`${alertPath(alertId)}/unreached/heat?cellMeters=${cellMeters}`, { signal });

export const openVisitTasks = (alertId: string, residentIds: string[]) =>
  api.post<OpenTasksResult>(`${alertPath(alertId)}/visit-tasks`, { residentIds });

export async function fetchAlertTasks(alertId: string, signal?: AbortSignal): Promise<HqVisitTask[]> {
  return (await api.get<{ tasks: HqVisitTask[] }>(`${alertPath(alertId)}/visit-tasks`, { signal })).tasks;
}

export async function fetchAssignees(signal?: AbortSignal): Promise<Assignee[]> {
  return (await api.get<{ assignees: Assignee[] }>('/api/visit-tasks/assignees', { signal })).assignees;
}

export const assignVisitTasks = (taskIds: string[], assigneeId: string) =>
  api.post<{ assigned: number }>('/api/visit-tasks/assign', { taskIds, assigneeId });

export async function fetchMyVisitTasks(signal?: AbortSignal): Promise<MyVisitTask[]> {
  return (await api.get<{ tasks: MyVisitTask[] }>('/api/me/visit-tasks', { signal })).tasks;
}

export const recordVisitOutcome = (taskId: string, outcome: VisitOutcome, note: string) =>
  api.post<{ ok: true }>(`/api/visit-tasks/${encodeURIComponent(taskId)}/outcome`, {
    outcome,
    ...(note.trim() ? { note: note.trim() } : {}),
  });

/** The printable route sheet (opened in a new tab): nearest first from `start` when given. */
export function routeListUrl(start: { lat: number; lon: number } | null): string {
  const query = start ? `?lat=${start.lat.toFixed(6)}&lon=${start.lon.toFixed(6)}` : '';
  return `/api/me/visit-tasks/route.pdf${query}`;
}
