import { createECDH } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { resolvePushReceiptSecret, resolveVapidKeys } from './secrets.js';

const pair = () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString('base64url'),
    VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()])
      .subarray(-32)
      .toString('base64url'),
  };
};

describe('VAPID keys', () => {
  it('are generated once into DATA_DIR, owner-readable, and the same on the next start', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hinan-vapid-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    const first = resolveVapidKeys(config);
    const second = resolveVapidKeys(loadConfig({ DATA_DIR: dataDir }));
    expect(second).toEqual(first);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
    expect(Buffer.from(first.privateKey, 'base64url')).toHaveLength(32);
    const file = path.join(dataDir, 'vapid.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      publicKey: first.publicKey,
      privateKey: first.privateKey,
    });
    // Without an https address of its own, the contact is a mailto: push services accept.
    expect(first.subject).toMatch(/^mailto:/);
  });

  it('come from the environment when set, and the subject follows PUBLIC_BASE_URL', () => {
    const keys = pair();
    const config = loadConfig({
      ...keys,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hinan-vapid-')),
      PUBLIC_BASE_URL: 'https://bousai.example.jp',
    });
    expect(resolveVapidKeys(config)).toEqual({
      publicKey: keys.VAPID_PUBLIC_KEY,
      privateKey: keys.VAPID_PRIVATE_KEY,
      subject: 'https://bousai.example.jp',
    });
    expect(resolveVapidKeys({ ...config, VAPID_SUBJECT: 'mailto:bousai@example.jp' }).subject).toBe(
      'mailto:bousai@example.jp',
    );
  });

  it('refuse half a pair, two halves of different pairs, and a subject that is neither mailto: nor https:', () => {
    const keys = pair();
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: keys.VAPID_PUBLIC_KEY })).toThrow(/set both/);
    const mixed = loadConfig({
      VAPID_PUBLIC_KEY: keys.VAPID_PUBLIC_KEY,
      VAPID_PRIVATE_KEY: pair().VAPID_PRIVATE_KEY,
    });
    expect(() => resolveVapidKeys(mixed)).toThrow(ConfigError);
    expect(() => loadConfig({ ...keys, VAPID_PUBLIC_KEY: 'short' })).toThrow(/VAPID_PUBLIC_KEY/);
    expect(() => loadConfig({ VAPID_SUBJECT: 'http://example.jp' })).toThrow(/VAPID_SUBJECT/);
  });
});

describe('push receipt secret', () => {
  it('is generated once into DATA_DIR, owner-readable, and the same on the next start', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hinan-push-receipts-'));
    const first = resolvePushReceiptSecret(loadConfig({ DATA_DIR: dataDir }));
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(resolvePushReceiptSecret(loadConfig({ DATA_DIR: dataDir }))).toBe(first);
    const file = path.join(dataDir, 'push-receipts.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ secret: first });
    // Another installation gets its own.
    const other = mkdtempSync(path.join(os.tmpdir(), 'hinan-push-receipts-'));
    expect(resolvePushReceiptSecret(loadConfig({ DATA_DIR: other }))).not.toBe(first);
  });

  it('comes from PUSH_RECEIPT_SECRET when set (every node the same), at least 32 characters', () => {
    const secret = 'x'.repeat(32);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hinan-push-receipts-'));
    expect(resolvePushReceiptSecret(loadConfig({ DATA_DIR: dataDir, PUSH_RECEIPT_SECRET: secret }))).toBe(
      secret,
    );
    expect(existsSync(path.join(dataDir, 'push-receipts.json'))).toBe(false);
    expect(() => loadConfig({ PUSH_RECEIPT_SECRET: 'short' })).toThrow(/PUSH_RECEIPT_SECRET/);
  });
});
