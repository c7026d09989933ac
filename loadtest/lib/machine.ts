import { execSync } from 'node:child_process';
import os from 'node:os';

const round = (n: number) => Math.round(n * 100) / 100;

/** The machine a bench ran on, recorded with its figures so a later run can be compared. */
export function describeMachine(databaseUrl: string) {
  let postgres = 'unknown';
  try {
    postgres = execSync(`psql "${databaseUrl}" -Atc "SHOW server_version"`, { encoding: 'utf8' }).trim();
  } catch {
    // psql missing: leave unknown
  }
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtEnd: os.loadavg().map(round),
  };
}
