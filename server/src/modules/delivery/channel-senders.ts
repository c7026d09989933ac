import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { NOTIFICATION_SETTINGS_PATH } from '@contract/contacts/contacts.schema.js';
import { EmailSender } from './email-sender.js';
import { SmsSender } from './sms-sender.js';

/**
 * The node's e-mail and SMS senders, built once from the configuration; a channel whose server is
 * not configured is null (off). Shared by everything that sends: verification codes and escalation.
 */
export interface ChannelSenders {
  email: EmailSender | null;
  sms: SmsSender | null;
  close(): Promise<void>;
}

export function createChannelSenders(config: Config, logger: Logger): ChannelSenders {
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
