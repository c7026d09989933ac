import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from './config.js';

const secretsFile = z.object({ cardTokenSecret: z.string().min(32) });

export interface Secrets {
  cardTokenSecret: string;
}

/**
 * Secrets come from the environment; a single-node install without them gets generated ones,
 * kept owner-readable in DATA_DIR so tokens stay stable across restarts.
 */
export function resolveSecrets(config: Pick<Config, 'CARD_TOKEN_SECRET' | 'dataDir'>): Secrets {
  if (config.CARD_TOKEN_SECRET) return { cardTokenSecret: config.CARD_TOKEN_SECRET };
  const file = path.join(config.dataDir, 'secrets.json');
  if (existsSync(file)) return secretsFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets: Secrets = { cardTokenSecret: randomBytes(32).toString('base64url') };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
