import { AppError, badRequest, conflict } from '../../http/errors.js';

export const postLettersEmpty = () =>
  badRequest(
    'post_letters_empty',
    'Nobody this was sent to needs a letter: everyone has a channel, has read it, or has no address.',
  );

export const postLettersNotReady = () =>
  new AppError(409, 'post_letters_not_ready', 'The letters of this batch are not ready (or were deleted).');

export const postLettersNotCancellable = () =>
  conflict('post_letters_not_cancellable', 'This batch has already been cancelled or has failed.');
