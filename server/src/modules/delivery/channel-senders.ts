import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { ChannelName, ChannelSender } from './channel.types.js';
import { PERSONAL_CHANNELS } from './escalation.policy.js';

/**
 * The senders this node has, by channel. A channel without a sender is not used: escalation
 * writes no rows for it and moves people on to the next channel they can be reached on.
 */
export type ChannelSenders = Partial<{ [C in ChannelName]: ChannelSender<C> }>;

export const availableChannels = (senders: ChannelSenders): ChannelName[] =>
  PERSONAL_CHANNELS.filter((channel) => senders[channel] !== undefined);

/** The sender of `channel`, typed for its address. */
export function senderOf<C extends ChannelName>(
  senders: ChannelSenders,
  channel: C,
): ChannelSender<C> | undefined {
  return senders[channel];
}

/**
 * Builds the senders the configuration enables. Each protocol's sender (Web Push with VAPID keys,
 * SMTP, SMPP) is added here from its own settings; with none configured, warnings still reach
 * inboxes and sockets, and escalation hands the unreached over to relays and visits.
 */
export function buildChannelSenders(_config: Config, _logger: Logger): ChannelSenders {
  return {};
}

export async function closeChannelSenders(senders: ChannelSenders): Promise<void> {
  const senderList: (ChannelSender | undefined)[] = Object.values(senders);
  await Promise.all(senderList.map((sender) => sender?.close?.() ?? Promise.resolve()));
}
