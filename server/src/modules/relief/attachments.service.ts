import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Database } from '../../db/database.js';
import { badRequest, conflict, notFound } from '../../http/errors.js';
import { opensAsApplicant } from '../../policies/index.js';
import { recordAccess } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import type { AttachmentStore } from './attachment-store.js';
import {
  deleteAttachment,
  findAttachment,
  insertAttachment,
  listAttachments,
  type AttachmentRow,
} from './attachments.queries.js';
import { checkAttachmentQuota, lockReliefQuota, reliefUsage } from './relief-quotas.js';
import { notEditable } from './relief.errors.js';
import { selfApplicant, type ReliefService } from './relief.service.js';
import { EDITABLE_STATES } from '@contract/relief/relief.states.js';

const noAttachment = () => notFound('Attachment');

/**
 * Photos and scans of an application. Only the applicant (while the application is editable)
 * adds or removes them; the applicant and the programme's reviewers read them, reviewers' reads
 * going to the access log.
 */
export class AttachmentService {
  constructor(
    private readonly db: Database,
    private readonly store: AttachmentStore,
    private readonly relief: ReliefService,
  ) {}

  async upload(
    user: SessionUser,
    applicationId: string,
    input: { slot: string; fileName: string | null; body: Readable; declaredLength: number | undefined },
  ): Promise<AttachmentRow> {
    // Refuse early, before reading a byte, when the upload cannot be accepted anyway.
    const { application: current, programme } = await this.db.transaction((tx) =>
      this.relief.ownForUpdate(tx, selfApplicant(user), applicationId),
    );
    if (!EDITABLE_STATES.includes(current.state)) throw notEditable(current.state);
    const slot = programme.attachments.find((s) => s.key === input.slot);
    if (!slot) throw badRequest('unknown_slot', `This programme takes no attachment "${input.slot}".`);
    const quotaKey = current.household_id ?? current.resident_id;
    const usage = () => reliefUsage(this.db, current.resident_id, current.household_id);
    // Before reading a byte: refused when already full, or when the declared size cannot fit.
    checkAttachmentQuota(await usage(), Math.max(1, input.declaredLength ?? 1), this.relief.quotas);

    const staged = await this.store.stage(input.body, input.declaredLength);
    const id = randomUUID();
    const storageKey = this.store.storageKeyFor(id, staged.type);
    let placed = false;
    try {
      return await this.db.transaction(async (tx) => {
        const { application } = await this.relief.ownForUpdate(tx, selfApplicant(user), applicationId);
        if (!EDITABLE_STATES.includes(application.state)) throw notEditable(application.state);
        await lockReliefQuota(tx, quotaKey);
        checkAttachmentQuota(
          await reliefUsage(tx, application.resident_id, application.household_id),
          staged.sizeBytes,
          this.relief.quotas,
        );
        const inSlot = (await listAttachments(tx, applicationId)).filter((a) => a.slot === slot.key).length;
        if (inSlot >= slot.max) {
          throw conflict('attachment_slot_full', `At most ${slot.max} files go in "${slot.key}".`);
        }
        const row = await insertAttachment(tx, {
          id,
          applicationId,
          slot: slot.key,
          contentType: staged.type,
          sizeBytes: staged.sizeBytes,
          sha256: staged.sha256,
          fileName: input.fileName,
          storageKey,
          uploadedBy: user.id,
        });
        // Last step before commit: a failure here rolls the row back and the catch removes the file.
        await this.store.place(staged, storageKey);
        placed = true;
        return row;
      });
    } catch (error) {
      await this.store.discard(staged, placed ? storageKey : undefined);
      throw error;
    }
  }

  async remove(user: SessionUser, applicationId: string, attachmentId: string): Promise<void> {
    const storageKey = await this.db.transaction(async (tx) => {
      const { application } = await this.relief.ownForUpdate(tx, selfApplicant(user), applicationId);
      if (!EDITABLE_STATES.includes(application.state)) throw notEditable(application.state);
      const key = await deleteAttachment(tx, applicationId, attachmentId);
      if (!key) throw noAttachment();
      return key;
    });
    // After commit: a crash between the two leaves an unreferenced file, never a row without one.
    await this.store.remove(storageKey);
  }

  /** Removes the files of attachments whose rows are gone (after the deleting transaction committed). */
  async removeFiles(storageKeys: readonly string[]): Promise<void> {
    for (const key of storageKeys) await this.store.remove(key);
  }

  /** The file for the applicant, or for a reviewer (access-logged). */
  async open(user: SessionUser, applicationId: string, attachmentId: string, via: string) {
    const row = await this.db.transaction(async (tx) => {
      const own = opensAsApplicant(user);
      const application = own
        ? (await this.relief.ownForUpdate(tx, selfApplicant(user), applicationId)).application
        : await this.relief.reviewable(tx, user, applicationId);
      const attachment = await findAttachment(tx, applicationId, attachmentId);
      if (!attachment) throw noAttachment();
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [application.resident_id],
        action: 'view_attachment',
        via,
      });
      return attachment;
    });
    return { row, ...(await this.store.open(row.storage_key)) };
  }
}
