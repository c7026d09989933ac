import type { Database, Queryable } from '../../db/database.js';
import { badRequest } from '../../http/errors.js';
import { actsForApplicant, mayReview, NOT_A_RESIDENT, requireResident } from '../../policies/index.js';
import type { Outbox } from '../../realtime/publisher.js';
import { transactionWithEvents } from '../../realtime/transaction.js';
import type { RealtimeServer } from '../../realtime/socket-server.js';
import { recordAccess, type AccessAction } from '../audit/record-access.js';
import type { SessionUser } from '../auth/auth.types.js';
import { listAttachments, type AttachmentRow } from './attachments.queries.js';
import type { Catalogue, Programme } from './catalogue.js';
import type { DamageLevel } from './certificate.pdf.js';
import { answeredFields, answersSchema } from '@contract/relief/form-definition.js';
import {
  attachmentsMissing,
  formInvalid,
  householdAlreadyApplied,
  noApplication,
  noProgramme,
  notEditable,
  transitionRefused,
} from './relief.errors.js';
import { notifyStateChange } from './relief.notify.js';
import {
  checkDraftQuota,
  DEFAULT_RELIEF_QUOTAS,
  lockReliefQuota,
  reliefUsage,
  type ReliefQuotas,
} from './relief-quotas.js';
import {
  deleteAttachmentsOf,
  findApplication,
  householdClaimExists,
  insertApplication,
  insertEvent,
  listApplicationsOf,
  listEvents,
  listHouseholdApplications,
  nextCertificateNumber,
  registrySnapshot,
  saveAnswers,
  setState,
  type ApplicationRow,
  type EventRow,
  type OnBehalfKind,
} from './relief.queries.js';
import { insertPaperOriginal, listPaperOriginals, type PaperOriginalRow } from './paper-originals.queries.js';
import {
  checkTransition,
  EDITABLE_STATES,
  type Actor,
  type ApplicationState,
} from '@contract/relief/relief.states.js';
import { listQueue, type QueueFilter, type QueueRow } from './review.queries.js';

export interface ApplicationDetail {
  application: ApplicationRow;
  programme: Programme;
  events: EventRow[];
  attachments: AttachmentRow[];
  paperOriginals: PaperOriginalRow[];
}

/**
 * Someone acting for the applicant (代理): staff in an acting session, or a designee the
 * applicant allowed to act for them. Each act is written to the applicant's access log with
 * `reason` as its purpose, in the transaction of the act.
 */
export interface OnBehalf {
  kind: OnBehalfKind;
  actingSessionId: string | null;
  reason: string;
  /** The route, for the access log. */
  via: string;
}

/** Who acts on an application, and for whom: the applicant themselves, or someone acting for them. */
export interface Applicant {
  actor: SessionUser;
  residentId: string;
  onBehalf: OnBehalf | null;
}

/** The signed-in resident, acting for themselves. */
export function selfApplicant(user: SessionUser): Applicant {
  return {
    actor: user,
    residentId: requireResident(user, NOT_A_RESIDENT.resident).residentId,
    onBehalf: null,
  };
}

/** Writes an act done for the applicant to their access log; nothing for their own acts. */
export async function recordActFor(tx: Queryable, who: Applicant, action: AccessAction): Promise<void> {
  if (!who.onBehalf) return;
  await recordAccess(tx, {
    viewer: who.actor,
    subjectResidentIds: [who.residentId],
    action,
    purpose: who.onBehalf.reason,
    via: who.onBehalf.via,
  });
}

export interface ReviewDecision {
  to: ApplicationState;
  reason?: string;
  fields?: string[];
  damageLevel?: DamageLevel;
}

/**
 * Relief applications: residents apply with forms pre-filled from the registry; reviewers move
 * them through the workflow. Every change is one transaction (state, history, inbox entry); the
 * applicant hears of it after commit. Someone else's application is "not found", never "forbidden".
 */
const onBehalfOf = (who: Applicant) =>
  who.onBehalf ? { kind: who.onBehalf.kind, actingSessionId: who.onBehalf.actingSessionId } : null;

export class ReliefService {
  constructor(
    private readonly db: Database,
    private readonly io: RealtimeServer | undefined,
    readonly catalogue: Catalogue,
    readonly quotas: ReliefQuotas = DEFAULT_RELIEF_QUOTAS,
  ) {}

  /**
   * Starts a draft. A draft holds no place in a one-per-household programme (anyone in the
   * household may start one; the first to submit wins), but counts against the draft quotas.
   */
  async create(who: Applicant, programmeCode: string): Promise<ApplicationRow> {
    const { residentId, actor } = who;
    const programme = await this.catalogue.find(programmeCode);
    if (!programme) throw noProgramme();
    try {
      return await this.db.transaction(async (tx) => {
        const registry = await registrySnapshot(tx, residentId);
        if (!registry) throw noApplication();
        await lockReliefQuota(tx, registry.householdId ?? residentId);
        checkDraftQuota(await reliefUsage(tx, residentId, registry.householdId), this.quotas);
        const householdKey = programme.onePerHousehold ? (registry.householdId ?? residentId) : null;
        if (householdKey && (await householdClaimExists(tx, programmeCode, householdKey))) {
          throw householdAlreadyApplied();
        }
        const application = await insertApplication(tx, {
          programmeCode,
          registry,
          householdKey,
          answers: {},
        });
        await insertEvent(tx, {
          applicationId: application.id,
          from: null,
          to: 'draft',
          actorUserId: actor.id,
          actorRole: actor.role,
          onBehalf: onBehalfOf(who),
        });
        await recordActFor(tx, who, 'acting_application_created');
        return application;
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw householdAlreadyApplied();
      throw error;
    }
  }

  async mine(who: Applicant): Promise<ApplicationRow[]> {
    if (!who.onBehalf) return listApplicationsOf(this.db, who.residentId);
    return this.db.transaction(async (tx) => {
      await recordActFor(tx, who, 'acting_applications_listed');
      return listApplicationsOf(tx, who.residentId);
    });
  }

  /** What the rest of my household has applied for (states only, no answers or files). */
  async household(user: SessionUser) {
    return listHouseholdApplications(this.db, requireResident(user, NOT_A_RESIDENT.resident).residentId);
  }

  /**
   * The applicant withdraws an application not yet decided. A withdrawn draft was never seen by
   * anyone: its files are deleted (returned storage keys, removed after commit) and free the quota.
   */
  async withdraw(user: SessionUser, id: string): Promise<string[]> {
    const who = selfApplicant(user);
    return transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const { application, programme } = await this.ownForUpdate(tx, who, id);
      await this.move(tx, outbox, application, programme, { to: 'withdrawn', by: 'resident', who });
      return application.state === 'draft' ? deleteAttachmentsOf(tx, id) : [];
    });
  }

  async ownDetail(who: Applicant, id: string): Promise<ApplicationDetail> {
    const read = async (db: Queryable) => {
      const application = await findApplication(db, id);
      if (!application || !actsForApplicant(who, application)) throw noApplication();
      await recordActFor(db, who, 'acting_application_viewed');
      return this.detail(db, application);
    };
    // The applicant's own read writes nothing; a read for them is logged in its transaction.
    return who.onBehalf ? this.db.transaction(read) : read(this.db);
  }

  /** A reviewer's read: written to the applicant's access log in the same transaction. */
  async reviewDetail(user: SessionUser, id: string, via: string): Promise<ApplicationDetail> {
    return this.db.transaction(async (tx) => {
      const application = await this.reviewable(tx, user, id);
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: [application.resident_id],
        action: 'view_application',
        via,
      });
      return this.detail(tx, application);
    });
  }

  /** The queue shows applicants' names: each listed applicant gets an access-log row, as for a read. */
  async queue(
    user: SessionUser,
    filter: Omit<QueueFilter, 'programmeCodes'> & { programmeCode?: string },
    via: string,
  ) {
    const codes = (await this.catalogue.all())
      .filter((p) => mayReview(user, p) && (!filter.programmeCode || p.code === filter.programmeCode))
      .map((p) => p.code);
    if (codes.length === 0) return [] as QueueRow[];
    return this.db.transaction(async (tx) => {
      const rows = await listQueue(tx, { ...filter, programmeCodes: codes });
      await recordAccess(tx, {
        viewer: user,
        subjectResidentIds: rows.map((row) => row.resident_id),
        action: 'list_applications',
        via,
      });
      return rows;
    });
  }

  async saveDraft(who: Applicant, id: string, answers: Record<string, unknown>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { application, programme } = await this.ownForUpdate(tx, who, id);
      if (!EDITABLE_STATES.includes(application.state)) throw notEditable(application.state);
      await this.storeAnswers(tx, application, programme, answers, false);
      await recordActFor(tx, who, 'acting_application_saved');
    });
  }

  /**
   * Staff at a counter record that the paper original of an attachment was handed in: it stands
   * for an upload in that slot when the application is submitted.
   */
  async recordPaperOriginal(
    who: Applicant,
    id: string,
    input: { slot: string; note: string | null },
  ): Promise<PaperOriginalRow> {
    return this.db.transaction(async (tx) => {
      const { application, programme } = await this.ownForUpdate(tx, who, id);
      if (!EDITABLE_STATES.includes(application.state)) throw notEditable(application.state);
      if (!programme.attachments.some((slot) => slot.key === input.slot)) {
        throw badRequest('unknown_slot', `This programme takes no attachment "${input.slot}".`);
      }
      const row = await insertPaperOriginal(tx, {
        applicationId: id,
        slot: input.slot,
        note: input.note,
        receivedBy: who.actor.id,
        actingSessionId: who.onBehalf?.actingSessionId ?? null,
      });
      await recordActFor(tx, who, 'acting_paper_received');
      return row;
    });
  }

  /** Submits a draft, or resubmits after a correction request. */
  async submit(who: Applicant, id: string, answers: Record<string, unknown> | undefined): Promise<void> {
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const { application, programme } = await this.ownForUpdate(tx, who, id);
      if (!EDITABLE_STATES.includes(application.state)) throw notEditable(application.state);
      await this.storeAnswers(tx, application, programme, answers ?? application.answers, true);
      // A paper original handed in at a counter counts as the file for its slot.
      const held = new Set([
        ...(await listAttachments(tx, id)).map((a) => a.slot),
        ...(await listPaperOriginals(tx, id)).map((p) => p.slot),
      ]);
      const missing = programme.attachments.filter((s) => s.required && !held.has(s.key)).map((s) => s.key);
      if (missing.length > 0) throw attachmentsMissing(missing);
      const to = application.state === 'draft' ? 'submitted' : 'resubmitted';
      await this.move(tx, outbox, application, programme, { to, by: 'resident', who });
      await recordActFor(tx, who, 'acting_application_submitted');
    }).catch((error: unknown) => {
      // Someone else in the household submitted first (the partial unique index decides).
      if ((error as { code?: string }).code === '23505') throw householdAlreadyApplied();
      throw error;
    });
  }

  async decide(user: SessionUser, id: string, decision: ReviewDecision): Promise<void> {
    await transactionWithEvents(this.db, this.io, async (tx, outbox) => {
      const application = await this.reviewable(tx, user, id, true);
      const programme = (await this.catalogue.find(application.programme_code))!;
      if (decision.fields) {
        const known = new Set([
          ...answeredFields(programme.form).map((f) => f.key),
          ...programme.attachments.map((s) => s.key),
        ]);
        const unknown = decision.fields.filter((f) => !known.has(f));
        if (unknown.length > 0) {
          throw badRequest('unknown_fields', `Not fields of this form: ${unknown.join(', ')}.`, { unknown });
        }
      }
      const certifies = decision.to === 'approved' && programme.issuesCertificate;
      if (certifies && !decision.damageLevel) {
        throw badRequest(
          'damage_level_required',
          'Approving a damage certificate needs the surveyed damage level.',
        );
      }
      await this.move(tx, outbox, application, programme, {
        ...decision,
        by: 'reviewer',
        who: { actor: user, residentId: application.resident_id, onBehalf: null },
      });
      if (certifies) {
        // Issuing the certificate is part of the approval: the resident can download it at once.
        const approved = { ...application, state: 'approved' as const };
        const certificateNumber = await nextCertificateNumber(tx);
        await this.move(tx, outbox, approved, programme, { to: 'issued', by: 'system', certificateNumber });
      }
    });
  }

  private async move(
    tx: Queryable,
    outbox: Outbox,
    application: ApplicationRow,
    programme: Programme,
    step: ReviewDecision & { by: Actor; who?: Applicant; certificateNumber?: string },
  ): Promise<void> {
    const problem = checkTransition({
      from: application.state,
      to: step.to,
      by: step.by,
      reason: step.reason,
      fields: step.fields,
      outcome: programme.outcome,
    });
    if (problem) throw transitionRefused(problem, application.state, step.to);
    await setState(tx, application.id, {
      to: step.to,
      correctionFields: step.fields,
      correctionNote: step.to === 'correction_requested' ? step.reason : null,
      decisionReason: step.to === 'rejected' || step.to === 'approved' ? (step.reason ?? null) : null,
      certifiedDamageLevel: step.to === 'approved' ? (step.damageLevel ?? null) : null,
      certificateNumber: step.certificateNumber ?? null,
    });
    const event = await insertEvent(tx, {
      applicationId: application.id,
      from: application.state,
      to: step.to,
      actorUserId: step.who?.actor.id ?? null,
      actorRole: step.who?.actor.role ?? 'system',
      reason: step.reason ?? null,
      fields: step.fields ?? [],
      onBehalf: step.who ? onBehalfOf(step.who) : null,
    });
    await notifyStateChange(tx, outbox, {
      applicationId: application.id,
      residentId: application.resident_id,
      eventId: event.id,
      state: step.to,
      at: event.at,
      // A step someone took for the applicant is news to them: their inbox entry stays unread.
      byResident: step.by === 'resident' && !step.who?.onBehalf,
    });
  }

  private async storeAnswers(
    tx: Queryable,
    application: ApplicationRow,
    programme: Programme,
    answers: Record<string, unknown>,
    complete: boolean,
  ): Promise<void> {
    const parsed = answersSchema(programme.form, { complete }).safeParse(answers);
    if (!parsed.success) {
      throw formInvalid(
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(form)', message: i.message })),
      );
    }
    // The registry part is re-read, never taken from the request.
    const registry = (await registrySnapshot(tx, application.resident_id)) ?? application.registry;
    const mailing = programme.form.collectsMailingAddress;
    await saveAnswers(tx, application.id, {
      answers: parsed.data,
      registry,
      mailingPostalCode: mailing ? ((parsed.data.mailingPostalCode as string | undefined) ?? null) : null,
      mailingAddress: mailing ? ((parsed.data.mailingAddress as string | undefined) ?? null) : null,
    });
  }

  async ownForUpdate(tx: Queryable, who: Applicant, id: string) {
    const application = await findApplication(tx, id, { lock: true });
    if (!application || !actsForApplicant(who, application)) throw noApplication();
    return { application, programme: (await this.catalogue.find(application.programme_code))! };
  }

  async reviewable(tx: Queryable, user: SessionUser, id: string, lock = false): Promise<ApplicationRow> {
    const application = await findApplication(tx, id, { lock });
    const programme = application && (await this.catalogue.find(application.programme_code));
    if (!application || !programme || !mayReview(user, programme) || application.state === 'draft') {
      throw noApplication();
    }
    return application;
  }

  private async detail(db: Queryable, application: ApplicationRow): Promise<ApplicationDetail> {
    const [events, attachments, paperOriginals] = await Promise.all([
      listEvents(db, application.id),
      listAttachments(db, application.id),
      listPaperOriginals(db, application.id),
    ]);
    return {
      application,
      programme: (await this.catalogue.find(application.programme_code))!,
      events,
      attachments,
      paperOriginals,
    };
  }
}
