import { randomInt } from 'node:crypto';
import { chmod, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const demoLogin = z.object({ username: z.string(), password: z.string(), description: z.string() });
export type DemoLogin = z.infer<typeof demoLogin>;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** 16 characters from a 32-symbol alphabet: 80 bits, easy to type from a terminal. */
export function generatePassword(): string {
  let password = '';
  for (let i = 0; i < 16; i += 1) {
    password += ALPHABET[randomInt(ALPHABET.length)];
    if (i % 4 === 3 && i < 15) password += '-';
  }
  return password;
}

const fileFor = (dataDir: string) => path.join(dataDir, 'demo-logins.json');

/** The demo passwords are kept (owner-readable only) so later starts can print them again. */
export async function saveDemoLogins(dataDir: string, logins: DemoLogin[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(fileFor(dataDir), `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  await chmod(fileFor(dataDir), 0o600);
}

export async function readDemoLogins(dataDir: string): Promise<DemoLogin[]> {
  try {
    return z.array(demoLogin).parse(JSON.parse(await readFile(fileFor(dataDir), 'utf8')));
  } catch {
    return [];
  }
}
