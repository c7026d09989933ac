import { parseCapDateTime } from './cap.datetime.js';

/** One earlier message named in `references`: `sender,identifier,sent` (CAP 1.2 §3.2.1). */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

/** CAP forbids spaces, commas and the XML-reserved `<` and `&` in identifiers and senders. */
export const CAP_TOKEN = /^[^\s,<&]+$/;

/** Parses the space-separated reference triples, or returns the reason they are malformed. */
export function parseReferences(text: string): CapReference[] | { error: string } {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { error: 'references is empty' };
  const references: CapReference[] = [];
  for (const part of parts) {
    const fields = part.split(',');
    const [sender, identifier, sent] = fields;
    if (fields.length !== 3 || !sender || !identifier || !sent) {
      return { error: `"${part}" is not sender,identifier,sent` };
    }
    if (!parseCapDateTime(sent)) return { error: `"${sent}" in "${part}" is not a CAP dateTime` };
    references.push({ sender, identifier, sent });
  }
  return references;
}

export function formatReferences(references: readonly CapReference[]): string {
  return references.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}
