import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { NOTIFICATION_SETTINGS_PATH } from '@contract/contacts/contacts.schema.js';
import { pushSenderFor } from '../push/push.module.js';
import type { ChannelName, ChannelSender } from './channel.types.js';
import { EmailSender } from './email-sender.js';
import { PERSONAL_CHANNELS } from './escalation.policy.js';
import { SmsSender } from './sms-sender.js';

/**
 * The node's e-mail and SMS connections, built once from the configuration; a channel whose server
 * is not configured is null (off). Verification codes go out through them, and so do escalation's
 * sends (see ChannelSenders).
 */
export interface ProtocolSenders {
  email: EmailSender | null;
  sms: SmsSender | null;
  close(): Promise<void>;
}

export function createChannelSenders(config: Config, logger: Logger): ProtocolSenders {
  const email = config.SMTP_URL
    ? new EmailSender({
        smtpUrl: config.SMTP_URL,
        from: config.mailFrom,
        settingsUrl: `${config.publicBaseUrl}${NOTIFICATION_SETTINGS_PATH}`,
        logger,
        timeoutMs: config.SMTP_TIMEOUT_SECONDS * 1000,
      })
    : null;
  const sms = config.SMPP_URL
    ? new SmsSender({
        url: config.SMPP_URL,
        sourceAddr: config.SMS_SOURCE_ADDR,
        logger,
        timeoutMs: config.SMPP_TIMEOUT_SECONDS * 1000,
        enquireLinkMs: config.SMPP_ENQUIRE_LINK_SECONDS * 1000,
      })
    : null;
  return {
    email,
    sms,
    async close() {
      await Promise.all([email?.close(), sms?.close()]);
    },
  };
}

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
 * Escalation's senders: Web Push always (its VAPID keys are generated when not configured; it
 * sends only to devices that subscribed), e-mail and SMS where their servers are configured.
 */
export function buildChannelSenders(config: Config, protocols: ProtocolSenders): ChannelSenders {
  return {
    push: pushSenderFor(config),
    ...(protocols.email ? { email: protocols.email } : {}),
    ...(protocols.sms ? { sms: protocols.sms } : {}),
  };
}

export async function closeChannelSenders(senders: ChannelSenders): Promise<void> {
  const senderList: (ChannelSender | undefined)[] = Object.values(senders);
  await Promise.all(senderList.map((sender) => sender?.close?.() ?? Promise.resolve()));
}
