import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { ApiRouter } from '../../http/route.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { AttachmentStore } from './attachment-store.js';
import { AttachmentService } from './attachments.service.js';
import { Catalogue } from './catalogue.js';
import { CertificateService } from './certificate.service.js';
import { reliefRoutes } from './relief.routes.js';
import { ReliefService } from './relief.service.js';

/** Relief programmes and applications: catalogue, workflow, attachments, certificates. */
export function registerRelief(
  api: ApiRouter,
  deps: { db: Database; io: RealtimeServer | undefined; config: Config },
): ReliefService {
  const relief = new ReliefService(deps.db, deps.io, new Catalogue(deps.db), {
    draftsPerResident: deps.config.RELIEF_DRAFTS_PER_RESIDENT,
    draftsPerHousehold: deps.config.RELIEF_DRAFTS_PER_HOUSEHOLD,
    attachmentBytesPerResident: deps.config.RELIEF_ATTACHMENT_BYTES_PER_RESIDENT,
    attachmentBytesPerHousehold: deps.config.RELIEF_ATTACHMENT_BYTES_PER_HOUSEHOLD,
  });
  const store = new AttachmentStore(deps.config.attachmentsDir, deps.config.ATTACHMENT_MAX_BYTES);
  reliefRoutes(api, {
    relief,
    attachments: new AttachmentService(deps.db, store, relief),
    certificates: new CertificateService(relief),
  });
  return relief;
}
