import { AttachmentStore } from '../relief/attachment-store.js';
import type { ServerModule } from '../server-module.js';
import { scheduledJobs } from './jobs.registry.js';
import { declareScheduledJobs } from './scheduled-jobs.js';

/** The periodic jobs, declared on the node's job engine while the app is built. */
export const jobsModule: ServerModule = {
  name: 'jobs',
  register({ config, db, io, jobs, logger }) {
    const list = scheduledJobs({
      db,
      io,
      logger,
      attachments: new AttachmentStore(config.attachmentsDir, config.ATTACHMENT_MAX_BYTES),
      sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    });
    declareScheduledJobs(jobs, list, logger);
  },
};
