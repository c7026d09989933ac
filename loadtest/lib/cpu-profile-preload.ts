/**
 * Preloaded into a bench's server process (`NODE_OPTIONS=--import …`, where `--cpu-prof` is not
 * allowed): records a V8 CPU profile from start to exit and writes it, as a `.cpuprofile` file
 * Chrome DevTools opens, into CPU_PROFILE_DIR.
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // An in-process inspector session answers synchronously, so this works in an exit handler.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
