import type { z } from 'zod';
import type {
  channelCountsSchema,
  deliveryFailureSchema,
  reachResponse,
} from '@contract/delivery/delivery.schema';
import { api } from './http';

export type { DeliveryStatsEvent } from '@contract/events';
export { DELIVERY_CHANNELS, DELIVERY_STATUSES } from '@contract/delivery/delivery.schema';
export type { DeliveryChannel, DeliveryStatus } from '@contract/delivery/delivery.schema';
export { DELIVERY_ERROR_IDS, smsRejectedStatus } from '@contract/delivery/delivery-errors';
export type { DeliveryErrorId } from '@contract/delivery/delivery-errors';

/** A warning's reach: the funnel, each channel by status, failures by reason, and by home municipality. */
export type Reach = z.output<typeof reachResponse>;
export type ChannelCounts = z.output<typeof channelCountsSchema>;
export type DeliveryFailure = z.output<typeof deliveryFailureSchema>;
export type AreaReach = Reach['areas'][number];

/** Counts only (no person is named): HQ. */
export function fetchReach(alertId: string, signal?: AbortSignal): Promise<Reach> {
  return api.get<Reach>(`/api/alerts/${encodeURIComponent(alertId)}/reach`, { signal });
}
