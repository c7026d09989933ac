import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentArgs, UsageError } from './args.js';

const KEY = 'hrk_0123456789abcdefghijABCDEFGHIJ_-xyz';
const base = ['--server', 'https://hinan.example.jp/some/path'];

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    parseAgentArgs(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('reader agent arguments', () => {
  it('takes the key from the environment and fills in defaults', () => {
    const args = parseAgentArgs(base, { READER_DEVICE_KEY: KEY });
    expect(args).toMatchObject({
      server: 'https://hinan.example.jp',
      key: KEY,
      source: { kind: 'stdin' },
      direction: 'toggle',
    });
  });

  it('reads the key from --key-file, trimming the newline editors add', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reader-key-'));
    const file = path.join(dir, 'reader.key');
    writeFileSync(file, `${KEY}\n`);
    expect(parseAgentArgs([...base, '--key-file', file], {})).toMatchObject({ key: KEY });
    expect(usageError([...base, '--key-file', `${file}.missing`])).toMatch(/^--key-file: cannot read/);
    expect(usageError([...base, '--key-file', file, '--key', KEY])).toMatch(/only one/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses file sources with a rate, and pcsc', () => {
    expect(
      parseAgentArgs([...base, '--key', KEY, '--source', 'file:taps.txt', '--rate', '2.5'], {}),
    ).toMatchObject({
      source: { kind: 'file', path: path.resolve('taps.txt') },
      rate: 2.5,
    });
    expect(
      parseAgentArgs([...base, '--key', KEY, '--source', 'pcsc', '--direction', 'in'], {}),
    ).toMatchObject({
      source: { kind: 'pcsc' },
      direction: 'in',
    });
  });

  it('names the offending option', () => {
    expect(usageError([], {})).toContain('--server (or READER_SERVER_URL): is required');
    expect(usageError(['--server', 'ftp://x'], { READER_DEVICE_KEY: KEY })).toContain(
      '--server (or READER_SERVER_URL): must be an http',
    );
    expect(usageError(base, { READER_DEVICE_KEY: 'secret' })).toContain(
      '--key / --key-file / READER_DEVICE_KEY: must be the device key',
    );
    expect(usageError([...base, '--key', KEY, '--source', 'usb'])).toContain('--source');
    expect(usageError([...base, '--key', KEY, '--direction', 'up'])).toContain('--direction');
    expect(usageError([...base, '--key', KEY, '--rate', '5'])).toContain(
      '--rate: only applies to --source file:PATH',
    );
    expect(usageError([...base, '--key', KEY, '--source', 'file:x', '--rate', '-1'])).toContain('--rate');
    expect(usageError([...base, '--colour'])).toMatch(/--colour/);
  });
});
