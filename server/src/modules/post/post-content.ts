import type { CapAlert, CapInfo } from '@geo/src/cap/cap.schema.js';
import type { Queryable } from '../../db/database.js';
import { findAlert } from '../alerts/alerts.queries.js';
import { findNotice } from '../notices/notices.queries.js';
import type { PostSource } from './post-selection.queries.js';

/** One language's text of the letter. */
export interface LetterText {
  headline: string;
  /** CAP event (避難指示 …); a notice has none. */
  event: string | null;
  description: string | null;
  instruction: string | null;
  areas: string[];
}

/** What every letter of a batch says: the same for all, only the address and names differ. */
export interface LetterContent {
  kind: 'alert' | 'notice';
  /** When the warning was sent or the notice started. */
  issuedAt: Date;
  sender: string | null;
  ja: LetterText;
  /** Printed as a second section when the warning or notice has an English text. */
  en: LetterText | null;
  /** The portal's address, printed and in the QR code: no person, no id in it. */
  portalUrl: string;
}

const base = (language: string) => language.toLowerCase().split('-')[0];

function textOf(info: CapInfo): LetterText {
  return {
    headline: info.headline ?? info.event,
    event: info.event,
    description: info.description ?? null,
    instruction: info.instruction ?? null,
    areas: [...new Set(info.area.map((area) => area.areaDesc))],
  };
}

function alertContent(document: CapAlert, sent: Date, portalUrl: string): LetterContent {
  const ja = document.info.find((info) => base(info.language) === 'ja') ?? document.info[0];
  const en = document.info.find((info) => base(info.language) === 'en' && info !== ja);
  return {
    kind: 'alert',
    issuedAt: sent,
    sender: ja?.senderName ?? null,
    ja: ja
      ? textOf(ja)
      : { headline: document.identifier, event: null, description: null, instruction: null, areas: [] },
    en: en ? textOf(en) : null,
    portalUrl,
  };
}

/**
 * The content of the warning's or notice's letters, or null when it no longer exists (a notice
 * purged after it ended).
 */
export async function loadLetterContent(
  db: Queryable,
  source: PostSource,
  portalBase: string,
): Promise<LetterContent | null> {
  const portalUrl = `${portalBase}/#/resident`;
  if (source.kind === 'alert') {
    const alert = await findAlert(db, source.id);
    return alert ? alertContent(alert.document, alert.sent, portalUrl) : null;
  }
  const notice = await findNotice(db, source.id);
  if (!notice) return null;
  const text = (language: 'ja' | 'en'): LetterText | null => {
    const found = notice.texts.find((t) => t.language === language);
    return found
      ? { headline: found.title, event: null, description: found.body, instruction: null, areas: [] }
      : null;
  };
  const japanese = text('ja');
  const english = text('en');
  // Japanese is required by the service; a notice without it prints its English text once.
  const ja = japanese ?? english!;
  return {
    kind: 'notice',
    issuedAt: notice.starts_at,
    sender: null,
    ja,
    en: japanese ? english : null,
    portalUrl,
  };
}
