import { warningLink } from '@contract/portal-links.js';
import type { ChannelName, OutboundMessage } from './channel.types.js';
import type { MessageKind } from './deliveries.queries.js';
import type { MessageTexts } from './send.queries.js';

type Base = 'ja' | 'en';
const baseOf = (language: string): Base => (language.toLowerCase().startsWith('en') ? 'en' : 'ja');

/** Fixed lines: what the message is about stays behind sign-in, never in the body. */
const BODY: Record<MessageKind | 'relay', Record<Base, string>> = {
  alert: {
    ja: 'ポータルを開いて内容を確認し、安否を回答してください。',
    en: 'Open the portal to read it and tell us you are safe.',
  },
  notice: { ja: 'ポータルを開いてお知らせを確認してください。', en: 'Open the portal to read the notice.' },
  relay: {
    ja: 'あなたを見守り先に指定したご家族が、まだ警報を確認していません。ポータルから様子を確認してください。',
    en: 'A family member who named you to check on them has not read a warning yet. Open the portal to check on them.',
  },
};

const RELAY_TITLE: Record<Base, string> = {
  ja: 'ご家族の安否確認のお願い',
  en: 'Please check on a family member',
};

const primary = (tag: string) => tag.toLowerCase().split('-')[0];

/** The title in the reader's language: same language, else Japanese, else the first. */
function titleFor(titles: readonly MessageTexts[], language: string): string {
  const pick =
    titles.find((t) => primary(t.language) === primary(language)) ??
    titles.find((t) => primary(t.language) === 'ja') ??
    titles[0];
  return pick?.title ?? (baseOf(language) === 'ja' ? '防災情報' : 'Disaster information');
}

export interface MessageContext {
  kind: MessageKind;
  messageId: string;
  titles: readonly MessageTexts[];
  /** PUBLIC_BASE_URL. */
  baseUrl: string;
  /** Extreme or Severe warnings interrupt; notices do not. */
  urgency: OutboundMessage['urgency'];
  /** The warning's chain: a newer message of it replaces the older notification on a device. */
  tag?: string;
}

/**
 * Where the message's link leads: a warning's own page (opening it there is reading it, which
 * stops escalation), except by SMS, whose one message has no room for the longer link, and for a
 * designee asked to check on someone, who may not have the warning in their inbox at all.
 */
function linkFor(context: MessageContext, send: { relay: boolean; carrier: ChannelName }): string {
  if (context.kind === 'alert' && !send.relay && send.carrier !== 'sms') {
    return warningLink(context.baseUrl, context.messageId);
  }
  return `${context.baseUrl}/#/resident`;
}

export function outboundMessage(
  context: MessageContext,
  send: { id: string; language: string; relay: boolean; carrier: ChannelName },
): OutboundMessage {
  const base = baseOf(send.language);
  return {
    deliveryId: send.id,
    title: send.relay ? RELAY_TITLE[base] : titleFor(context.titles, send.language),
    body: BODY[send.relay ? 'relay' : context.kind][base],
    url: linkFor(context, send),
    urgency: context.urgency,
    ...(context.tag ? { tag: context.tag } : {}),
  };
}

export function urgencyOf(kind: MessageKind, severities: readonly string[]): OutboundMessage['urgency'] {
  if (kind === 'notice') return 'normal';
  return severities.some((s) => s === 'Extreme' || s === 'Severe') ? 'high' : 'normal';
}
