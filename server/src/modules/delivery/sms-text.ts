import type { OutboundMessage } from './channel.types.js';

/** One SMS in UCS2 (data_coding 8): 140 octets, 70 UTF-16 code units. */
export const UCS2_SINGLE_SMS_UNITS = 70;

const ELLIPSIS = '…';

/** Cuts `text` to at most `units` UTF-16 code units without splitting a surrogate pair. */
function cutToUnits(text: string, units: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > units) break;
    out += char;
  }
  return out;
}

/**
 * The text of one SMS: the title, the fixed line when there is room, and the link, which is never
 * cut (a cut link opens nothing). A title too long for what is left is shortened with an ellipsis.
 * Everything goes in one message: a warning split over several can arrive out of order or in part.
 */
export function smsText(message: Pick<OutboundMessage, 'title' | 'body' | 'url'>): string {
  const title = message.title.trim();
  const body = message.body.trim();
  const url = message.url;
  const room = UCS2_SINGLE_SMS_UNITS - url.length - 1;
  if (room <= 0) return cutToUnits(url, UCS2_SINGLE_SMS_UNITS);
  const withBody = body === '' ? title : `${title} ${body}`;
  if (withBody.length <= room) return `${withBody}\n${url}`;
  if (title.length <= room) return `${title}\n${url}`;
  return `${cutToUnits(title, room - ELLIPSIS.length)}${ELLIPSIS}\n${url}`;
}

/** UCS2 as SMSCs read it: UTF-16 big-endian (surrogate pairs pass through, as handsets expect). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}
