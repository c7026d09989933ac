import { AppError, badRequest } from '../../http/errors.js';

export const addressInvalid = (channel: string) =>
  badRequest(
    'contact_address_invalid',
    channel === 'email'
      ? 'This is not an e-mail address we can send to.'
      : 'This is not a mobile number: use 070, 080 or 090 and eight digits, or +country code and number.',
    [{ path: 'body.address', problem: 'contact_address_invalid' }],
  );

/** One answer for a wrong code, an expired one, one tried too often and none pending: no hints. */
export const codeInvalid = () =>
  badRequest(
    'contact_code_invalid',
    'The code is wrong or no longer valid. Check it, or ask for a new code.',
  );

export const channelUnavailable = (channel: string) =>
  new AppError(
    409,
    'contact_channel_unavailable',
    `This system does not send ${channel === 'email' ? 'e-mail' : 'SMS'}.`,
  );

export const sendFailed = () =>
  new AppError(
    502,
    'contact_send_failed',
    'The code could not be sent just now. Try again in a few minutes.',
  );

export const addressRejected = (channel: string) =>
  new AppError(
    422,
    'contact_address_rejected',
    channel === 'email'
      ? 'The mail server says this mailbox does not exist.'
      : 'The phone network says this number cannot receive SMS.',
  );

export const consentVersionOutdated = (current: string) =>
  new AppError(409, 'consent_version_outdated', 'The consent text has changed: read it again and confirm.', {
    current,
  });
