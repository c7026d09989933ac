import type { ServerModule } from '../server-module.js';
import { NOTIFICATION_SETTINGS_PATH } from '@contract/contacts/contacts.schema.js';
import { CodeSendLimits } from './contacts.limits.js';
import { contactsRoutes } from './contacts.routes.js';
import { ContactsService } from './contacts.service.js';

/** Residents' e-mail addresses and mobile numbers for warnings: verified by code, consent per channel. */
export const contactsModule: ServerModule = {
  name: 'contacts',
  register({ api, channels, config, db, logger, redis }) {
    const limits = new CodeSendLimits(redis && { redis: redis.command, keyPrefix: redis.keyPrefix, logger });
    const contacts = new ContactsService({
      db,
      channels,
      limits,
      logger,
      settingsUrl: `${config.publicBaseUrl}${NOTIFICATION_SETTINGS_PATH}`,
    });
    contactsRoutes(api, contacts);
  },
};
