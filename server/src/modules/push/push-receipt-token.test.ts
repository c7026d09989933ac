import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPushReceipt, verifyPushReceipt } from './push-receipt-token.js';

const SECRET = 'a push receipt secret of at least 32 characters';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('push receipt tokens', () => {
  it('name the delivery they were signed for, under this secret only', () => {
    const token = signPushReceipt(SECRET, '1234567');
    expect(token).toMatch(/^1234567\.[A-Za-z0-9_-]{43}$/);
    expect(verifyPushReceipt(SECRET, token)).toBe('1234567');
    expect(verifyPushReceipt(`${SECRET}!`, token)).toBeNull();
    // The largest id the deliveries table's grammar allows (18 digits) still signs and checks.
    expect(verifyPushReceipt(SECRET, signPushReceipt(SECRET, '999999999999999999'))).toBe(
      '999999999999999999',
    );
  });

  it('refuse every one-character change of the mac and of the id', () => {
    const token = signPushReceipt(SECRET, '1234567');
    const [id = '', mac = ''] = token.split('.');
    for (let i = 0; i < mac.length; i += 1) {
      const other = ALPHABET[(ALPHABET.indexOf(mac[i]!) + 1) % ALPHABET.length]!;
      expect(verifyPushReceipt(SECRET, `${id}.${mac.slice(0, i)}${other}${mac.slice(i + 1)}`)).toBeNull();
    }
    // The neighbouring deliveries (ids are sequential) with this mac.
    expect(verifyPushReceipt(SECRET, `1234566.${mac}`)).toBeNull();
    expect(verifyPushReceipt(SECRET, `1234568.${mac}`)).toBeNull();
  });

  it('refuse the same mac bytes spelt another way (base64url’s unused low bits)', () => {
    const token = signPushReceipt(SECRET, '77');
    const last = token.at(-1)!;
    // The 43rd character carries 4 bits of the mac and 2 unused ones: flipping an unused bit
    // decodes to the same 32 bytes, so a byte comparison alone would take the altered text.
    const sibling = ALPHABET[ALPHABET.indexOf(last) ^ 1]!;
    const altered = `${token.slice(0, -1)}${sibling}`;
    expect(Buffer.from(altered.split('.')[1]!, 'base64url')).toEqual(
      Buffer.from(token.split('.')[1]!, 'base64url'),
    );
    expect(verifyPushReceipt(SECRET, altered)).toBeNull();
  });

  it('refuse truncated, padded and malformed tokens, and a plain HMAC of the id without the domain', () => {
    const token = signPushReceipt(SECRET, '42');
    const mac = token.split('.')[1]!;
    const undomained = createHmac('sha256', SECRET).update('42').digest('base64url');
    for (const bad of [
      '',
      '42',
      `42.`,
      token.slice(0, -1),
      `${token}A`,
      `${token}=`,
      ` ${token}`,
      `${token}\n`,
      `042.${mac}`,
      `0.${signPushReceipt(SECRET, '0').split('.')[1]}`,
      `-42.${mac}`,
      `42.${mac}.${mac}`,
      `42:${mac}`,
      `1234567890123456789.${signPushReceipt(SECRET, '1234567890123456789').split('.')[1]}`,
      `42.${undomained}`,
      `abc.${mac}`,
    ]) {
      expect(verifyPushReceipt(SECRET, bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
