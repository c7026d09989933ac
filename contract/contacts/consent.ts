import type { ContactChannel } from './contacts.schema.js';

/**
 * The wording a resident agrees to, per channel and language. Changing the wording means a new
 * version: the server records which version each person agreed to, and refuses consent given to
 * an older one (the page showed text that is no longer current).
 */
export const CONSENT_VERSION = '2026-12-v1';

export const CONSENT_TEXTS: Record<ContactChannel, { ja: string; en: string }> = {
  email: {
    ja: '避難情報や安否確認のお知らせを、このメールアドレスに送ることに同意します。メールには件名と、サインインして読むためのリンクだけが入ります。いつでも取り消せます。',
    en: 'I agree to receive evacuation warnings and safety check-ins at this e-mail address. Messages hold only a headline and a link to read them after signing in. I can withdraw at any time.',
  },
  sms: {
    ja: '避難情報や安否確認のお知らせを、この携帯電話番号にSMSで送ることに同意します。SMSには見出しとリンクだけが入ります。いつでも取り消せます。',
    en: 'I agree to receive evacuation warnings and safety check-ins by SMS at this mobile number. Messages hold only a headline and a link. I can withdraw at any time.',
  },
};
