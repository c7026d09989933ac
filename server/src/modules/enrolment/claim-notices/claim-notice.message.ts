import type { OutboundMessage } from '../../delivery/channel.types.js';
import type { ClaimAudience, ClaimNoticeJob } from './claim-notice.jobs.js';

type Base = 'ja' | 'en';
const baseOf = (language: string): Base => (language.toLowerCase().startsWith('en') ? 'en' : 'ja');

type Kind = ClaimNoticeJob['event'] | 'household';

/**
 * Titles and fixed lines. No name, no code, no date of birth: the title says what happened to
 * "your account" or "a member of your household", and who it was is read behind sign-in. The line
 * says what to do when it was not them, for someone who cannot sign in any more (a recovery by
 * someone else ends their sessions).
 */
const TEXTS: Record<Kind, Record<Base, { title: string; body: string }>> = {
  enrolled: {
    ja: {
      title: '住民ポータルのアカウントが作成されました',
      body: '心当たりがないときは、避難所か市町の窓口に伝えてください。',
    },
    en: {
      title: 'Your resident portal account was created',
      body: 'If this was not you, tell staff at a shelter or your municipal office.',
    },
  },
  recovered: {
    ja: {
      title: '住民ポータルのアカウントが再設定されました',
      body: '心当たりがないときは、避難所か市町の窓口に伝えてください。',
    },
    en: {
      title: 'Your resident portal account was reset',
      body: 'If this was not you, tell staff at a shelter or your municipal office.',
    },
  },
  household: {
    ja: {
      title: '世帯の方が住民ポータルに登録しました',
      body: 'どなたかはポータルで確かめられます。ご本人でないときは、避難所か市町の窓口に伝えてください。',
    },
    en: {
      title: 'A member of your household joined the resident portal',
      body: 'Sign in to see who. If it was not them, tell staff at a shelter or your municipal office.',
    },
  },
};

export function claimNoticeMessage(
  notice: { event: ClaimNoticeJob['event']; audience: ClaimAudience; deliveryId: string; language: string },
  baseUrl: string,
): OutboundMessage {
  const text = TEXTS[notice.audience === 'household' ? 'household' : notice.event][baseOf(notice.language)];
  return {
    deliveryId: notice.deliveryId,
    title: text.title,
    body: text.body,
    url: `${baseUrl}/#/resident`,
    urgency: 'high',
  };
}
