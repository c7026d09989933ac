import type { OutboundMessage } from './channel.types.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A Message-ID from the delivery id: the same delivery sent twice (a retry after a timeout that
 * did go through) carries the same id, so mail systems and people can tell it is one message.
 */
export function messageIdFor(deliveryId: string, fromDomain: string): string {
  return `<${deliveryId.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128)}@${fromDomain}>`;
}

/** Plain text and HTML bodies: the fixed line and the link, nothing else. */
export function emailBodies(message: Pick<OutboundMessage, 'body' | 'url'>): { text: string; html: string } {
  const text = `${message.body}\n\n${message.url}\n`;
  const link = escapeHtml(message.url);
  const html =
    `<!doctype html><html><body><p>${escapeHtml(message.body)}</p>` +
    `<p><a href="${link}">${link}</a></p></body></html>`;
  return { text, html };
}
