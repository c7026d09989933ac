import path from 'node:path';
import { z } from 'zod';
import { escalationPolicyEnv } from './modules/delivery/escalation.policy.js';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** An origin as browsers send it: scheme, host and port only (no path, no trailing slash). */
const origin = z.url({ protocol: /^https?$/ }).refine((value) => URL.parse(value)?.origin === value, {
  error: 'must be an origin such as https://example.jp (scheme, host, optional port; no path)',
});

/** A comma-separated list of origins; empty entries are ignored. */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(z.array(origin).max(20));

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** postgres://… selects PostgreSQL + PostGIS; unset selects the embedded database. */
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  /** Where the embedded database, generated secrets and demo logins live. */
  DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Load the demo region's synthetic residents and demo logins on first start. */
  DEMO_SEED: booleanFromEnv.optional(),
  DEMO_RESIDENTS: z.coerce.number().int().min(0).max(2_000_000).default(20_000),
  /** `auto`: Secure cookies when the request came over HTTPS (honouring TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * The address residents and staff use, e.g. https://bousai.example.jp: every absolute link the
   * server writes (the Atom feed's ids and links) starts with it, never with a request's Host
   * header. Unset: http://localhost:PORT. Its origin may also open sockets.
   */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((value) => !/[?#]/.test(value), { error: 'must not have a query or fragment' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /**
   * Further browser origins allowed to open Socket.IO connections, comma-separated. By default only
   * pages of the server's own origin (and of PUBLIC_BASE_URL) may; clients without an Origin
   * header (card readers, scripts) are not browsers and are not affected.
   */
  SOCKET_ALLOWED_ORIGINS: originList.default([]),
  /** Express `trust proxy` setting: number of hops, or false. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  /** Optional raster tile URL template for deployments that run a tile server. */
  MAP_TILE_URL: z
    .string()
    .regex(
      /^https?:\/\/\S+\{z\}\S*\{x\}\S*\{y\}\S*$/,
      'must be an http(s) URL template with {z}, {x} and {y}',
    )
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().max(500).optional(),
  /**
   * Key for the HMAC that turns card UIDs into card tokens. Every node must share it; when unset,
   * one is generated once and kept in DATA_DIR/secrets.json.
   */
  CARD_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * VAPID key pair for Web Push (base64url, uncompressed P-256 public key and its private scalar):
   * push services bind every subscription to the public key. Set both or neither; when unset, a
   * pair is generated once and kept in DATA_DIR/vapid.json. Every node must share one pair.
   */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be an uncompressed P-256 public key in base64url (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a P-256 private key in base64url (43 characters)')
    .optional(),
  /** Contact push services show their operators: mailto:… or https://…. Default: PUBLIC_BASE_URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, 'must be a mailto: address or an https:// URL')
    .optional(),
  /**
   * Key for the HMAC that signs each push message's receipt token, so the public receipt route
   * takes only receipts of messages this installation sent. Every node must share it; when unset,
   * one is generated once and kept in DATA_DIR/push-receipts.json.
   */
  PUSH_RECEIPT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long a push service may hold a message for an offline device, in seconds. */
  PUSH_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(28 * 24 * 3600)
    .default(24 * 3600),
  /** A push service that has not answered in this many milliseconds is tried again later. */
  PUSH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** Where relief application attachments are stored (files, outside the database). */
  ATTACHMENTS_DIR: z.string().min(1).optional(),
  /** Largest attachment accepted, in bytes (default 10 MiB). */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /**
   * Quotas on what one resident, and one household together, may hold in relief applications:
   * open drafts, and bytes of attachments (withdrawn drafts' files are deleted and free it again).
   */
  RELIEF_DRAFTS_PER_RESIDENT: z.coerce.number().int().min(1).max(1000).default(5),
  RELIEF_DRAFTS_PER_HOUSEHOLD: z.coerce.number().int().min(1).max(5000).default(15),
  RELIEF_ATTACHMENT_BYTES_PER_RESIDENT: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(10 * 1024 * 1024 * 1024)
    .default(100 * 1024 * 1024),
  RELIEF_ATTACHMENT_BYTES_PER_HOUSEHOLD: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(50 * 1024 * 1024 * 1024)
    .default(300 * 1024 * 1024),
  /**
   * Prefix of every Redis key and pub/sub channel of this installation, so several installations
   * (or test runs) can share one Redis. Pub/sub channels ignore the database number in REDIS_URL.
   */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
    .default('hinan'),
  /**
   * `websocket`: Socket.IO accepts WebSocket only (cluster mode without sticky routing);
   * `websocket,polling`: long-polling fallback too (one process, or sticky routing in front).
   */
  SOCKET_TRANSPORTS: z.enum(['websocket', 'websocket,polling']).default('websocket,polling'),
  /** How long an enrolment code can be claimed after it is issued, in days. */
  ENROLMENT_CODE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Wrong birth dates one code takes, over its whole life, before it stops working (a stolen
   * letter cannot be tried against a century of birth dates, however slowly).
   */
  ENROLMENT_CODE_MAX_WRONG_BIRTH_DATES: z.coerce.number().int().min(1).max(100).default(10),
  /** Youngest age at which a registry person may claim an account of their own. */
  ENROLMENT_MIN_AGE: z.coerce.number().int().min(0).max(25).default(16),
  /**
   * Enrolment claims accepted per minute from everyone together (on top of the limits per code and
   * per address): caps guessing spread over many addresses.
   */
  ENROLMENT_CLAIMS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
  /**
   * Where enrolment letter batches write their PDF and CSV (they carry codes in clear): shared by
   * every node, like attachments. Default DATA_DIR/enrolment-letters.
   */
  ENROLMENT_LETTERS_DIR: z.string().min(1).optional(),
  /** Letters per committed chunk of a batch: progress, and what a restart redoes at most. */
  ENROLMENT_LETTERS_CHUNK: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * Where letter batches for people without a channel write their PDF and CSV (names and
   * addresses): shared by every node, like attachments. Default DATA_DIR/post-letters.
   */
  POST_LETTERS_DIR: z.string().min(1).optional(),
  /** Letters per committed chunk of a letter batch by post: progress, and what a restart redoes. */
  POST_LETTERS_CHUNK: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * How often the watchdog of a live letter batch checks that a node holds it; a batch whose node
   * died is queued again at the next check after its two-minute lease ran out.
   */
  POST_LETTERS_WATCH_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /**
   * A kiosk session (card + PIN at a shelter PC) ends after this many seconds without use, far
   * sooner than other sessions: the next person at the PC must not find someone else's portal.
   */
  KIOSK_IDLE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  /** Card + PIN attempts accepted per minute at one kiosk, right or wrong. */
  KIOSK_SIGN_INS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  /** How long staff may act for a resident (代理) after recording the person's consent. */
  ACTING_SESSION_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
  /**
   * Escalation until read, as JSON (see docs/escalation.md): `{ "policies": { "Extreme": [{
   * "afterSeconds": 0, "channels": ["push"] }, …] }, "retry": { "attempts": 3, "backoffSeconds":
   * 30 }, "staleSendingSeconds": 300, "batchSize": 500 }`. Each policy given replaces its default.
   */
  ESCALATION_POLICY: escalationPolicyEnv,
  /**
   * Whether this node starts the periodic jobs (warning expiry, purges, …; see docs/scaling.md).
   * Each runs once per period across the nodes that do; `false` leaves a node working only the
   * jobs it is sent. At least one node must keep it on.
   */
  JOB_SCHEDULES: booleanFromEnv.default(true),
  /**
   * Schema of the job engine's tables (pg-boss). Every node of one installation uses the same;
   * two installations sharing a database each need their own.
   */
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,49}$/, 'lowercase letters, digits and underscores, at most 50')
    .default('pgboss'),
  /**
   * The SMTP server warnings and verification codes go out through: smtp://user:pass@host:587
   * (STARTTLS when offered) or smtps://…:465. Unset: no e-mail channel (the settings page says so).
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From of every e-mail: an address or `Name <address>`. Default: noreply at PUBLIC_BASE_URL's host. */
  MAIL_FROM: z
    .string()
    .max(200)
    .regex(/^(?:[^<>@\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'an address or Name <address>')
    .optional(),
  /** SMTP connect, greeting and idle-socket limit: a slow server fails the send, which is retried. */
  SMTP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  /** The SMSC for SMS: smpp://system_id:password@host:2775 (ssmpp:// for TLS). Unset: no SMS channel. */
  SMPP_URL: z
    .url({ protocol: /^s?smpp$/, error: 'must be an smpp:// or ssmpp:// URL' })
    .refine((value) => URL.parse(value)?.username !== '', { error: 'must name the system_id as its user' })
    .optional(),
  /** The sender handsets show: a number (international, digits) or a name of up to 11 letters/digits. */
  SMS_SOURCE_ADDR: z
    .string()
    .regex(/^(?:\+?[0-9]{3,15}|[A-Za-z0-9 ]{1,11})$/, 'a number or up to 11 letters and digits')
    .default('Hinan'),
  /** SMPP connect, bind and request limit; a late answer counts as a failed (retried) send. */
  SMPP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  /** enquire_link keepalive period on the SMPP link. */
  SMPP_ENQUIRE_LINK_SECONDS: z.coerce.number().int().min(5).max(600).default(30),
});

export type Config = z.infer<typeof configSchema> & {
  dataDir: string;
  demoSeed: boolean;
  /** ATTACHMENTS_DIR, or DATA_DIR/attachments, resolved. */
  attachmentsDir: string;
  /** ENROLMENT_LETTERS_DIR, or DATA_DIR/enrolment-letters, resolved. */
  lettersDir: string;
  /** POST_LETTERS_DIR, or DATA_DIR/post-letters, resolved. */
  postLettersDir: string;
  /** PUBLIC_BASE_URL without a trailing slash, or http://localhost:PORT. */
  publicBaseUrl: string;
  /** MAIL_FROM, or noreply at PUBLIC_BASE_URL's host. */
  mailFrom: string;
};

export class ConfigError extends Error {}

/** Parses the environment; a bad value throws a ConfigError naming each offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  if ((config.VAPID_PUBLIC_KEY === undefined) !== (config.VAPID_PRIVATE_KEY === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both (one key pair) or neither',
    );
  }
  return {
    ...config,
    dataDir: path.resolve(config.DATA_DIR),
    attachmentsDir: path.resolve(config.ATTACHMENTS_DIR ?? path.join(config.DATA_DIR, 'attachments')),
    lettersDir: path.resolve(config.ENROLMENT_LETTERS_DIR ?? path.join(config.DATA_DIR, 'enrolment-letters')),
    postLettersDir: path.resolve(config.POST_LETTERS_DIR ?? path.join(config.DATA_DIR, 'post-letters')),
    demoSeed: config.DEMO_SEED ?? config.DATABASE_URL === undefined,
    publicBaseUrl,
    mailFrom: config.MAIL_FROM ?? `noreply@${new URL(publicBaseUrl).hostname}`,
  };
}
