import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The host a bench ran on: enough to tell two runs' machines apart. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  os: string;
}

/** The code a bench ran: the checked-out commit and whether tracked files differed from it. */
export interface Commit {
  sha: string;
  dirty: boolean;
}

/** What every raw benchmark file records next to its figures, so a later run can be compared. */
export interface Provenance {
  date: string;
  commit: Commit | 'unknown';
  machine: Machine;
}

export function describeHost(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
  };
}

/**
 * The commit checked out in `dir`, or 'unknown' outside a git checkout (an unpacked release).
 * Untracked files do not count as dirty: raw results of earlier runs are untracked until committed.
 */
export function currentCommit(dir = ROOT): Commit | 'unknown' {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const sha = git('rev-parse', 'HEAD').trim();
    const changes = git('status', '--porcelain', '--untracked-files=no').trim();
    return { sha, dirty: changes.length > 0 };
  } catch {
    return 'unknown';
  }
}

/** Date, commit and machine of a run, to be spread at the top of its raw JSON file. */
export function provenance(now = new Date(), dir = ROOT): Provenance {
  return { date: now.toISOString(), commit: currentCommit(dir), machine: describeHost() };
}
