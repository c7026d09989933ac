import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentCommit, describeHost, provenance } from '../../loadtest/lib/provenance.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hinan-provenance-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();

/** A real repository with one commit of `figures.txt`. */
function repository(): string {
  const dir = tempDir();
  git(dir, 'init', '--quiet');
  writeFileSync(path.join(dir, 'figures.txt'), 'first\n');
  git(dir, 'add', 'figures.txt');
  git(dir, 'commit', '--quiet', '-m', 'first');
  return dir;
}

describe('what a raw benchmark file records about its run', () => {
  it('describes the host: CPU model, cores, memory, Node version and operating system', () => {
    const host = describeHost();
    expect(host.cpu).not.toBe('');
    expect(host.cores).toBe(os.availableParallelism());
    expect(host.memoryGb).toBe(Math.round(os.totalmem() / 2 ** 30));
    expect(host.node).toBe(process.version);
    expect(host.os).toContain(os.release());
  });

  it('names the checked-out commit, clean when no tracked file changed', () => {
    const dir = repository();
    expect(currentCommit(dir)).toEqual({ sha: git(dir, 'rev-parse', 'HEAD'), dirty: false });
  });

  it('does not count untracked files (earlier raw results) as changes', () => {
    const dir = repository();
    writeFileSync(path.join(dir, 'checkin-2026-12-01.json'), '{}\n');
    expect(currentCommit(dir)).toMatchObject({ dirty: false });
  });

  it('marks the commit dirty when a tracked file differs from it', () => {
    const dir = repository();
    writeFileSync(path.join(dir, 'figures.txt'), 'changed\n');
    expect(currentCommit(dir)).toMatchObject({ sha: git(dir, 'rev-parse', 'HEAD'), dirty: true });
  });

  it("says 'unknown' outside a git checkout instead of failing the bench", () => {
    expect(currentCommit(tempDir())).toBe('unknown');
  });

  it('puts date, commit and machine together, dated by the given time', () => {
    const dir = repository();
    const record = provenance(new Date('2026-12-07T12:00:00.000Z'), dir);
    expect(record).toEqual({
      date: '2026-12-07T12:00:00.000Z',
      commit: { sha: git(dir, 'rev-parse', 'HEAD'), dirty: false },
      machine: describeHost(),
    });
  });

  it('records this checkout when no folder is given', () => {
    const record = provenance();
    expect(record.commit).not.toBe('unknown');
    expect(record.commit).toMatchObject({
      sha: execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(),
    });
  });
});
