import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateCapAlert, type CapAlert, type CapProblem } from './cap.schema.js';
import { CAP_NAMESPACE } from './cap.types.js';

/** Largest CAP document accepted, in bytes. National feeds send a few kB; 1 MB is generous. */
export const MAX_CAP_DOCUMENT_BYTES = 1024 * 1024;

export type CapXmlResult =
  | { alert: CapAlert }
  | {
      error: 'cap_too_large' | 'cap_xml_forbidden' | 'cap_xml_malformed' | 'cap_invalid';
      problems: CapProblem[];
    };

/** Elements that may repeat in CAP 1.2; always arrays, even when a document has one. */
const REPEATED = new Set([
  'code',
  'info',
  'category',
  'responseType',
  'eventCode',
  'parameter',
  'resource',
  'area',
  'polygon',
  'circle',
  'geocode',
]);
const NUMERIC = new Set(['altitude', 'ceiling']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Only the five predefined XML entities and character references; declarations are refused
  // before parsing, so no custom entity (external or recursive) can exist.
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
});

/** Empty elements are absent elements; numbers where CAP has numbers. */
function normalise(value: unknown, key = ''): unknown {
  if (Array.isArray(value))
    return value.map((item) => normalise(item, key)).filter((item) => item !== undefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      const normalised = normalise(child, name);
      if (normalised !== undefined) out[name] = normalised;
    }
    return out;
  }
  if (value === '' || value === undefined || value === null) return undefined;
  if (NUMERIC.has(key) && typeof value === 'string' && /^[-+]?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

const problem = (path: string, message: string): CapProblem[] => [{ path, message }];

/**
 * Index of the root element's `<`: skips the prolog (declaration, processing instructions,
 * comments, whitespace) with `indexOf`, so the scan is linear in the document's length whatever
 * `<?` or `<!--` sequences appear later on (for instance inside CDATA).
 */
function rootStart(xml: string): number | undefined {
  let at = 0;
  for (;;) {
    at = xml.indexOf('<', at);
    if (at < 0) return undefined;
    if (xml.startsWith('<?', at)) {
      const end = xml.indexOf('?>', at + 2);
      if (end < 0) return undefined;
      at = end + 2;
    } else if (xml.startsWith('<!--', at)) {
      const end = xml.indexOf('-->', at + 4);
      if (end < 0) return undefined;
      at = end + 3;
    } else {
      return at;
    }
  }
}

/** Root element and the namespace bound to its prefix, e.g. `<cap:alert xmlns:cap="…">`. */
function rootNamespace(xml: string): { name: string; namespace: string | undefined } | undefined {
  const start = rootStart(xml);
  if (start === undefined) return undefined;
  // Sticky: matched at the root's `<` only; `[^>]*` stops at the start tag's first `>`.
  const tag = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?\/?>/y;
  tag.lastIndex = start;
  const root = tag.exec(xml);
  if (!root) return undefined;
  const prefix = root[1] ? root[1].slice(0, -1) : '';
  const attributes = root[3] ?? '';
  const binding = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attributes);
  return { name: root[2]!, namespace: binding?.[1] };
}

/**
 * The parser refuses element names that would shadow `Object.prototype` (`__proto__`,
 * `constructor`, `prototype`) and nesting deeper than it supports by throwing; such a document
 * is refused like any other bad input instead of failing the request.
 */
function parseDocument(xml: string): { alert?: unknown } | Extract<CapXmlResult, { error: string }> {
  try {
    return parser.parse(xml) as { alert?: unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const reserved = /"([^"]{1,64})" is a reserved/.exec(message);
    if (reserved) {
      return {
        error: 'cap_xml_forbidden',
        problems: problem('alert', `the element or attribute name "${reserved[1]}" is not allowed`),
      };
    }
    return {
      error: 'cap_xml_malformed',
      problems: problem('alert', `the document could not be parsed: ${message.slice(0, 200)}`),
    };
  }
}

/**
 * Parses and validates a CAP 1.2 XML document. DOCTYPE and ENTITY declarations are refused
 * outright (no external entities, no expansion bombs), then the document must be well-formed,
 * an `alert` in the CAP 1.2 namespace, and valid against the CAP rules.
 */
export function parseCapXml(xml: string): CapXmlResult {
  if (new TextEncoder().encode(xml).length > MAX_CAP_DOCUMENT_BYTES) {
    return {
      error: 'cap_too_large',
      problems: problem('alert', `the document is larger than ${MAX_CAP_DOCUMENT_BYTES} bytes`),
    };
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return {
      error: 'cap_xml_forbidden',
      problems: problem('alert', 'DOCTYPE and ENTITY declarations are not allowed in a CAP document'),
    };
  }
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return {
      error: 'cap_xml_malformed',
      problems: problem('alert', `not well-formed XML at line ${line}, column ${col}: ${msg}`),
    };
  }
  const root = rootNamespace(xml);
  if (!root || root.name !== 'alert') {
    return { error: 'cap_invalid', problems: problem('alert', 'the root element must be <alert>') };
  }
  if (root.namespace !== CAP_NAMESPACE) {
    return {
      error: 'cap_invalid',
      problems: problem('alert', `the alert must be in the namespace ${CAP_NAMESPACE}`),
    };
  }
  const document = parseDocument(xml);
  if ('error' in document) return document;
  const validated = validateCapAlert(normalise(document.alert ?? {}));
  return 'alert' in validated ? validated : { error: 'cap_invalid', problems: validated.problems };
}
