import type { z } from 'zod';
import type { AttachmentRow } from './attachments.queries.js';
import type { Programme } from './catalogue.js';
import type { ApplicationRow, EventRow, HouseholdApplicationRow } from './relief.queries.js';
import type {
  applicationDetailSchema,
  applicationSummarySchema,
  attachmentSchema,
  householdApplicationSchema,
  programmeSchema,
  queueEntrySchema,
} from '@contract/relief/relief.schema.js';
import type { ApplicationState } from '@contract/relief/relief.states.js';
import type { ApplicationDetail } from './relief.service.js';
import type { QueueRow } from './review.queries.js';

export const presentProgramme = (p: Programme): z.input<typeof programmeSchema> => ({
  code: p.code,
  name: p.name,
  summary: p.summary,
  onePerHousehold: p.onePerHousehold,
  reviewerRole: p.reviewerRole,
  outcome: p.outcome,
  issuesCertificate: p.issuesCertificate,
  form: p.form,
  attachments: p.attachments,
});

export const presentSummary = (a: ApplicationRow): z.input<typeof applicationSummarySchema> => ({
  id: a.id,
  programmeCode: a.programme_code,
  state: a.state,
  createdAt: a.created_at.toISOString(),
  submittedAt: a.submitted_at?.toISOString() ?? null,
  updatedAt: a.updated_at.toISOString(),
  certificateNumber: a.certificate_number,
});

export const presentHouseholdApplication = (
  a: HouseholdApplicationRow,
): z.input<typeof householdApplicationSchema> => ({
  id: a.id,
  programmeCode: a.programme_code,
  state: a.state,
  applicant: { residentId: a.resident_id, name: a.applicant_name },
  createdAt: a.created_at.toISOString(),
  submittedAt: a.submitted_at?.toISOString() ?? null,
  updatedAt: a.updated_at.toISOString(),
});

export const presentAttachment = (t: AttachmentRow): z.input<typeof attachmentSchema> => ({
  id: t.id,
  slot: t.slot,
  contentType: t.content_type,
  sizeBytes: Number(t.size_bytes),
  sha256: t.sha256,
  fileName: t.file_name,
  createdAt: t.created_at.toISOString(),
});

const presentEvent = (e: EventRow) => ({
  from: e.from_state,
  to: e.to_state,
  actorRole: e.actor_role,
  reason: e.reason,
  fields: e.fields,
  at: e.at.toISOString(),
  onBehalf: e.on_behalf,
});

export function presentDetail(
  detail: ApplicationDetail,
  nextStates: ApplicationState[],
): z.input<typeof applicationDetailSchema> {
  const a = detail.application;
  return {
    ...presentSummary(a),
    programme: presentProgramme(detail.programme),
    registry: a.registry as unknown as Record<string, unknown>,
    answers: a.answers,
    mailing: { postalCode: a.mailing_postal_code, address: a.mailing_address },
    correction: { fields: a.correction_fields, note: a.correction_note },
    decisionReason: a.decision_reason,
    certifiedDamageLevel: a.certified_damage_level,
    events: detail.events.map(presentEvent),
    attachments: detail.attachments.map(presentAttachment),
    paperOriginals: detail.paperOriginals.map((p) => ({
      slot: p.slot,
      note: p.note,
      receivedAt: p.received_at.toISOString(),
    })),
    nextStates,
  };
}

export const presentQueueEntry = (q: QueueRow): z.input<typeof queueEntrySchema> => ({
  id: q.id,
  programmeCode: q.programme_code,
  state: q.state,
  municipalityCode: q.municipality_code,
  applicantName: q.applicant_name,
  submittedAt: q.submitted_at?.toISOString() ?? null,
  updatedAt: q.updated_at.toISOString(),
  attachmentCount: q.attachment_count,
});
