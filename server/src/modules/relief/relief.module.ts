import type { ServerModule } from '../server-module.js';
import { AttachmentStore } from './attachment-store.js';
import { AttachmentService } from './attachments.service.js';
import { Catalogue } from './catalogue.js';
import { CertificateService } from './certificate.service.js';
import { reliefRoutes } from './relief.routes.js';
import { ReliefService } from './relief.service.js';

/** Relief programmes and applications: catalogue, workflow, attachments, certificates. */
export const reliefModule: ServerModule = {
  name: 'relief',
  register({ api, db, io, config }) {
    const relief = new ReliefService(db, io, new Catalogue(db), {
      draftsPerResident: config.RELIEF_DRAFTS_PER_RESIDENT,
      draftsPerHousehold: config.RELIEF_DRAFTS_PER_HOUSEHOLD,
      attachmentBytesPerResident: config.RELIEF_ATTACHMENT_BYTES_PER_RESIDENT,
      attachmentBytesPerHousehold: config.RELIEF_ATTACHMENT_BYTES_PER_HOUSEHOLD,
    });
    const store = new AttachmentStore(config.attachmentsDir, config.ATTACHMENT_MAX_BYTES);
    reliefRoutes(api, {
      relief,
      attachments: new AttachmentService(db, store, relief),
      certificates: new CertificateService(relief),
    });
  },
};
