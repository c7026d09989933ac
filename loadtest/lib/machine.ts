import { execSync } from 'node:child_process';
import os from 'node:os';
import { describeHost } from './provenance.js';

const round = (n: number) => Math.round(n * 100) / 100;

/** The PostgreSQL server's version, or 'unknown' when psql is not installed. */
export function postgresVersion(databaseUrl: string): string {
  try {
    return execSync(`psql "${databaseUrl}" -Atc "SHOW server_version"`, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The machine a bench ran on, with its database and load, recorded with its figures. */
export function describeMachine(databaseUrl: string) {
  return {
    ...describeHost(),
    postgres: postgresVersion(databaseUrl),
    loadAverageAtEnd: os.loadavg().map(round),
  };
}
