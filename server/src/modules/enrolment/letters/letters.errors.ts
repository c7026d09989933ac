import { AppError, badRequest, conflict } from '../../../http/errors.js';

export const lettersEmpty = () =>
  badRequest(
    'letters_empty',
    'Nobody in this selection needs a letter: everyone is too young, has an account, or holds a valid code.',
  );

export const lettersNotReady = () =>
  new AppError(409, 'letters_not_ready', 'The letters of this batch are not ready (or it was cancelled).');

export const lettersNotCancellable = () =>
  conflict('letters_not_cancellable', 'Only a batch that is waiting or running can be cancelled.');
