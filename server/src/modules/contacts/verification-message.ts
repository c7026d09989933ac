import type { OutboundMessage } from '../delivery/channel.types.js';
import type { ContactChannel } from '@contract/contacts/contacts.schema.js';
import { CODE_TTL_SECONDS } from './verification-code.js';

const MINUTES = CODE_TTL_SECONDS / 60;

/**
 * The message carrying a verification code: the code and where to enter it, nothing about the
 * person. An SMS has room for one short line and the link (sms-text.ts), so there the code is the
 * title; an e-mail keeps it out of the subject (subjects show on lock screens and in lists) and in
 * the body, in Japanese and English since the person's language is not known yet.
 */
export function verificationMessage(
  channel: ContactChannel,
  code: string,
  deliveryId: string,
  settingsUrl: string,
): OutboundMessage {
  if (channel === 'sms') {
    return {
      deliveryId,
      title: `確認コード ${code}`,
      body: `${MINUTES}分有効`,
      url: settingsUrl,
      urgency: 'high',
    };
  }
  return {
    deliveryId,
    title: '確認コード / Verification code',
    body:
      `確認コード: ${code}（${MINUTES}分間有効）。設定画面で入力してください。\n` +
      `Your code: ${code} (valid for ${MINUTES} minutes). Enter it on the settings page.`,
    url: settingsUrl,
    urgency: 'high',
  };
}
