import { AppError, badRequest, conflict, notFound } from '../../http/errors.js';
import type { TransitionProblem } from '@contract/relief/relief.states.js';

export const noApplication = () => notFound('Application');
export const noProgramme = () => notFound('Programme');

export const householdAlreadyApplied = () =>
  conflict(
    'already_applied_household',
    'Someone in your household has already submitted an application for this programme (not rejected or withdrawn).',
  );

export const notEditable = (state: string) =>
  conflict(
    'application_not_editable',
    `The application is ${state}; it can be changed only as a draft or when a correction is requested.`,
  );

export function transitionRefused(problem: TransitionProblem, from: string, to: string): AppError {
  if (problem === 'illegal_transition') {
    return conflict('illegal_transition', `An application cannot go from ${from} to ${to}.`);
  }
  if (problem === 'reason_required') return badRequest('reason_required', 'Give a reason for this decision.');
  return badRequest('fields_required', 'Name the fields or attachments the applicant must fix.');
}

export const formInvalid = (details: { path: string; message: string }[]) =>
  badRequest(
    'form_invalid',
    `The answers do not fit the form: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    details,
  );

export const attachmentsMissing = (slots: string[]) =>
  badRequest('attachments_missing', `Attach the required files first: ${slots.join(', ')}.`, { slots });
