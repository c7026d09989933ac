import { z } from 'zod';

/** Channels of escalation as counted at HQ (the inbox and its socket push are the funnel itself). */
export const DELIVERY_CHANNELS = ['push', 'email', 'sms', 'relay', 'visit'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** Recorded states of one message to one person on one channel (see docs/escalation.md). */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const count = z.number().int().min(0);

/**
 * One channel of one message. The six statuses partition the channel's rows; `read` and
 * `responded` count the rows whose person has read or answered (on any channel), whatever the
 * row's status.
 */
export const channelCountsSchema = z.object({
  channel: z.enum(DELIVERY_CHANNELS),
  queued: count,
  sending: count,
  sent: count,
  delivered: count,
  failed: count,
  cancelled: count,
  read: count,
  responded: count,
});
export type ChannelCounts = z.infer<typeof channelCountsSchema>;

/**
 * Rows of one channel with one failure reason: `failed` ended so; `retrying` failed their last
 * attempt and wait for another (queued or sending again, the reason kept until an attempt succeeds).
 */
export const deliveryFailureSchema = z.object({
  channel: z.enum(DELIVERY_CHANNELS),
  errorId: z.string().meta({
    description: 'Stable id of the reason (contract/delivery/delivery-errors.ts), e.g. sms_undeliv',
  }),
  failed: count,
  retrying: count,
});
export type DeliveryFailure = z.infer<typeof deliveryFailureSchema>;

/** The funnel: each stage counts people, and each is within the one before it. */
export const funnelSchema = z.object({
  targeted: count.meta({ description: 'People with an inbox entry of the warning' }),
  reached: count.meta({
    description:
      'Of those, delivered on any channel: the socket receipt, a push, SMS or e-mail receipt, or read',
  }),
  read: count.meta({ description: 'Read or answered, on any channel' }),
  responded: count,
});

export const reachResponse = z.object({
  alertId: z.uuid(),
  funnel: funnelSchema,
  channels: z.array(channelCountsSchema),
  failures: z.array(deliveryFailureSchema).meta({ description: 'Most rows first' }),
  inApp: z.object({
    delivered: count.meta({
      description:
        'People whose open app or portal confirmed the warning arrived (the socket receipt; reading counts too)',
    }),
  }),
  areas: z.array(
    funnelSchema.extend({
      municipalityCode: z.string().nullable().meta({ description: 'Home municipality (JIS X 0402)' }),
      name: z.string().nullable(),
    }),
  ),
  at: z.string(),
});
export type ReachResponse = z.infer<typeof reachResponse>;

/** Live counts by channel and status of one warning or notice, to HQ; at most one a second each. */
export interface DeliveryStatsEvent {
  kind: 'alert' | 'notice';
  messageId: string;
  channels: ChannelCounts[];
  /** As in the reach answer: failures by channel and reason, most rows first. */
  failures: DeliveryFailure[];
  at: string;
}
