import { createECDH, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Config } from './config.js';

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

const vapidFile = z.object({ publicKey: z.string(), privateKey: z.string() });

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** The uncompressed public key (base64url) of a P-256 private key (base64url). */
function publicKeyOf(privateKey: string): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
  return ecdh.getPublicKey().toString('base64url');
}

function generateVapidPair(): { publicKey: string; privateKey: string } {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  // 32 bytes exactly: a private scalar with leading zero bytes must keep them.
  const privateKey = Buffer.alloc(32);
  const raw = ecdh.getPrivateKey();
  raw.copy(privateKey, 32 - raw.length);
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: privateKey.toString('base64url'),
  };
}

/**
 * Creates `file` with `contents` only if it does not exist yet, atomically: two processes starting
 * together (cluster workers) both end up reading the one pair that won, never each their own.
 */
function createOnce(file: string, contents: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, contents, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * The VAPID key pair Web Push messages are signed with, and the contact sent with it. From the
 * environment when set (checked to be one pair); otherwise generated once into DATA_DIR/vapid.json,
 * so a single-node install works with nothing configured and keeps its subscriptions valid across
 * restarts (a new pair would orphan every subscription).
 */
export function resolveVapidKeys(
  config: Pick<
    Config,
    'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'VAPID_SUBJECT' | 'dataDir' | 'publicBaseUrl'
  >,
): VapidKeys {
  const subject =
    config.VAPID_SUBJECT ??
    (config.publicBaseUrl.startsWith('https://') ? config.publicBaseUrl : 'mailto:operator@localhost');
  if (config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY) {
    let derived: string | null = null;
    try {
      derived = publicKeyOf(config.VAPID_PRIVATE_KEY);
    } catch {
      // Not a valid scalar for the curve: reported below like a mismatch.
    }
    if (derived !== config.VAPID_PUBLIC_KEY) {
      throw new ConfigError(
        'Invalid configuration:\n  VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY',
      );
    }
    return { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY, subject };
  }
  const file = path.join(config.dataDir, 'vapid.json');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    createOnce(file, `${JSON.stringify(generateVapidPair())}\n`);
  }
  const stored = vapidFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (publicKeyOf(stored.privateKey) !== stored.publicKey) {
    throw new ConfigError(`${file} holds a public key that does not belong to its private key`);
  }
  return { ...stored, subject };
}

const pushReceiptFile = z.object({ secret: z.string().min(32) });

/**
 * The key push receipt tokens are signed with (push-receipt-token.ts). From the environment when
 * set; otherwise generated once into DATA_DIR/push-receipts.json, atomically like the VAPID pair,
 * so every process of a single-node install signs and checks with the one key. A new key only
 * makes receipts of messages already out refused: those people count as not reached yet.
 */
export function resolvePushReceiptSecret(config: Pick<Config, 'PUSH_RECEIPT_SECRET' | 'dataDir'>): string {
  if (config.PUSH_RECEIPT_SECRET) return config.PUSH_RECEIPT_SECRET;
  const file = path.join(config.dataDir, 'push-receipts.json');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    createOnce(file, `${JSON.stringify({ secret: randomBytes(32).toString('base64url') })}\n`);
  }
  return pushReceiptFile.parse(JSON.parse(readFileSync(file, 'utf8'))).secret;
}
