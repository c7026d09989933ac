import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What must never appear in a log line. The factories give every person the same recognisable
 * name, kana and address, and passwords a fixed prefix, so finding them in a log means a code path
 * logged a person or a secret.
 */
const PERSONAL_DATA: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'family name', pattern: /試験|シケン/ },
  { kind: 'given name', pattern: /太郎|タロウ/ },
  { kind: 'address', pattern: /テスト県|テスト市/ },
  { kind: 'birth date', pattern: /\b(?:19|20)\d{2}-\d{2}-\d{2}\b(?!T)/ },
  { kind: 'e-mail address', pattern: /shiken\.taro/i },
  { kind: 'mobile number', pattern: /(?:\+?81|0)-?90-?1234-?[0-9]{4}/ },
  { kind: 'password', pattern: /\bpw-[A-Za-z0-9_-]{8,}/ },
  { kind: 'session cookie', pattern: /\bsid=[A-Za-z0-9_-]{16,}/ },
  {
    kind: 'secret field',
    pattern: /"(?:deviceKey|csrfToken|password|sessionId|cardUid|uid)":"(?!\[redacted\])[^"]+"/,
  },
];

export interface LogFinding {
  file: string;
  line: number;
  kind: string;
}

/** The kinds of personal data or secrets found in one log line. */
export function personalDataIn(line: string): string[] {
  return PERSONAL_DATA.filter(({ pattern }) => pattern.test(line)).map(({ kind }) => kind);
}

/** Scans every log file in `dir`; reports where, never what (the report must not leak either). */
export async function scanLogs(dir: string): Promise<{ lines: number; findings: LogFinding[] }> {
  const findings: LogFinding[] = [];
  let lines = 0;
  for (const name of await readdir(dir)) {
    const text = await readFile(path.join(dir, name), 'utf8');
    text.split('\n').forEach((line, index) => {
      if (!line) return;
      lines += 1;
      for (const kind of personalDataIn(line)) findings.push({ file: name, line: index + 1, kind });
    });
  }
  return { lines, findings };
}
