import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database with the demo seed', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.demoSeed).toBe(true);
    expect(config.PORT).toBe(3000);
  });

  it('turns the demo seed off by default on PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' }).demoSeed).toBe(false);
  });

  it('names every bad variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO_SEED: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/DATABASE_URL/);
    expect(attempt).toThrow(/DEMO_SEED/);
  });

  it('rejects a tile URL without placeholders', () => {
    expect(() => loadConfig({ MAP_TILE_URL: 'https://tiles.example/static.png' })).toThrow(/MAP_TILE_URL/);
    expect(loadConfig({ MAP_TILE_URL: 'https://tiles.example/{z}/{x}/{y}.png' }).MAP_TILE_URL).toContain(
      '{z}',
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('takes a public base URL for absolute links, without a trailing slash, and defaults to localhost', () => {
    expect(loadConfig({}).publicBaseUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://bousai.example.jp/' }).publicBaseUrl).toBe(
      'https://bousai.example.jp',
    );
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'bousai.example.jp' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://x.jp/?a=1' })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('takes extra socket origins as a comma-separated list of bare origins', () => {
    expect(loadConfig({}).SOCKET_ALLOWED_ORIGINS).toEqual([]);
    expect(
      loadConfig({ SOCKET_ALLOWED_ORIGINS: 'https://a.example.jp, http://b.example.jp:8080' })
        .SOCKET_ALLOWED_ORIGINS,
    ).toEqual(['https://a.example.jp', 'http://b.example.jp:8080']);
    expect(() => loadConfig({ SOCKET_ALLOWED_ORIGINS: 'https://a.example.jp/app' })).toThrow(
      /SOCKET_ALLOWED_ORIGINS/,
    );
    expect(() => loadConfig({ SOCKET_ALLOWED_ORIGINS: '*' })).toThrow(/SOCKET_ALLOWED_ORIGINS/);
  });

  it('takes the e-mail and SMS servers as URLs of their protocols, both optional', () => {
    const off = loadConfig({});
    expect([off.SMTP_URL, off.SMPP_URL]).toEqual([undefined, undefined]);
    expect(off.mailFrom).toBe('noreply@localhost');
    const on = loadConfig({
      SMTP_URL: 'smtps://user:pass@mail.example.jp:465',
      SMPP_URL: 'smpp://hinan:secret@smsc.example.jp:2775',
      PUBLIC_BASE_URL: 'https://bousai.example.jp',
    });
    expect(on.SMTP_URL).toBe('smtps://user:pass@mail.example.jp:465');
    expect(on.mailFrom).toBe('noreply@bousai.example.jp');
    expect(loadConfig({ MAIL_FROM: '避難支援 <noreply@city.example.jp>' }).mailFrom).toContain('<noreply@');
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example.jp' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMPP_URL: 'smpp://smsc.example.jp:2775' })).toThrow(/SMPP_URL.*system_id/);
    expect(() => loadConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ SMS_SOURCE_ADDR: 'A sender name too long' })).toThrow(/SMS_SOURCE_ADDR/);
  });
});
