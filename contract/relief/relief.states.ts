/**
 * The application workflow. Every change goes through `checkTransition`, so an illegal step is
 * refused in one place whoever asks for it.
 *
 *   draft → submitted → under_review → approved → issued | paid
 *                          ↓     ↑  ↘ rejected
 *               correction_requested → resubmitted
 *
 * Until a decision (approval or rejection) the resident may withdraw: → withdrawn.
 */
export const APPLICATION_STATES = [
  'draft',
  'submitted',
  'under_review',
  'correction_requested',
  'resubmitted',
  'approved',
  'rejected',
  'issued',
  'paid',
  'withdrawn',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export type Actor = 'resident' | 'reviewer' | 'system';

interface Step {
  to: ApplicationState;
  by: Actor;
  /** Staff must say why (rejection) or what to fix (correction). */
  needsReason?: boolean;
  needsFields?: boolean;
}

const WITHDRAW: Step = { to: 'withdrawn', by: 'resident' };

const STEPS: Record<ApplicationState, readonly Step[]> = {
  draft: [{ to: 'submitted', by: 'resident' }, WITHDRAW],
  submitted: [{ to: 'under_review', by: 'reviewer' }, WITHDRAW],
  under_review: [
    { to: 'correction_requested', by: 'reviewer', needsReason: true, needsFields: true },
    { to: 'approved', by: 'reviewer' },
    { to: 'rejected', by: 'reviewer', needsReason: true },
    WITHDRAW,
  ],
  correction_requested: [{ to: 'resubmitted', by: 'resident' }, WITHDRAW],
  resubmitted: [{ to: 'under_review', by: 'reviewer' }, WITHDRAW],
  approved: [
    { to: 'issued', by: 'reviewer' },
    { to: 'paid', by: 'reviewer' },
    { to: 'issued', by: 'system' },
  ],
  rejected: [],
  issued: [],
  paid: [],
  withdrawn: [],
};

/** States in which the resident may still change answers and attachments. */
export const EDITABLE_STATES: readonly ApplicationState[] = ['draft', 'correction_requested'];

/** States a reviewer's queue shows by default: waiting for staff. */
export const WAITING_STATES: readonly ApplicationState[] = ['submitted', 'resubmitted', 'under_review'];

export type TransitionProblem = 'illegal_transition' | 'reason_required' | 'fields_required';

export interface TransitionRequest {
  from: ApplicationState;
  to: ApplicationState;
  by: Actor;
  reason?: string | null;
  fields?: readonly string[];
  /** What approval leads to for this programme: only that final state is allowed. */
  outcome?: 'issued' | 'paid';
}

/** Null when the step is allowed, else why not. */
export function checkTransition(request: TransitionRequest): TransitionProblem | null {
  const step = STEPS[request.from].find((s) => s.to === request.to && s.by === request.by);
  if (!step) return 'illegal_transition';
  if (request.from === 'approved' && request.outcome !== undefined && request.to !== request.outcome) {
    return 'illegal_transition';
  }
  if (step.needsReason && !request.reason?.trim()) return 'reason_required';
  if (step.needsFields && (request.fields?.length ?? 0) === 0) return 'fields_required';
  return null;
}

/** The steps open to `by` from `from` (drives the buttons staff and residents see). */
export function nextStates(
  from: ApplicationState,
  by: Actor,
  outcome?: 'issued' | 'paid',
): ApplicationState[] {
  return STEPS[from]
    .filter((s) => s.by === by)
    .map((s) => s.to)
    .filter((to) => from !== 'approved' || outcome === undefined || to === outcome);
}
