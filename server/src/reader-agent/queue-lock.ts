import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

const LOCK_FILE = 'agent.lock';

export class QueueLockedError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Two agents appending to one journal would interleave and acknowledge each other's taps, so a
 * queue directory belongs to one process. A lock left by a killed agent is taken over.
 */
export function lockQueueDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new QueueLockedError(
          `Another reader agent (process ${holder}) is using the queue in ${dir}. Stop it first, or give --queue-dir.`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new QueueLockedError(`Could not lock the queue in ${dir}; delete ${file} if no agent is running.`);
}
