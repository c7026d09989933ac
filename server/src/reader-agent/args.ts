import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export class UsageError extends Error {}

export const USAGE = `Usage: npm run reader -- --server URL [--key-file PATH | --key KEY] [options]

  --server URL          the hinan server, e.g. https://hinan.example.jp
  --key-file PATH       file holding the reader's device key (or set READER_DEVICE_KEY)
  --key KEY             the device key itself (visible to other users in the process list)
  --queue-dir DIR       where taps wait until the server has them (default ${defaultQueueDir()})
  --source SOURCE       stdin (default), file:PATH, or pcsc (needs: npm install nfc-pcsc)
  --rate N              with file:PATH, taps per second (default: as fast as they are accepted)
  --direction D         toggle (default), in or out
`;

export type CardSource = { kind: 'stdin' } | { kind: 'pcsc' } | { kind: 'file'; path: string };

function defaultQueueDir(): string {
  return path.join(os.homedir(), '.hinan-reader', 'queue');
}

const required = (otherwise?: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : otherwise;

const deviceKey = z
  .string({ error: required() })
  .trim()
  .regex(/^hrk_[A-Za-z0-9_-]{16,96}$/, 'must be the device key shown when the reader was registered (hrk_…)');

const optionsSchema = z
  .object({
    server: z
      .url({ protocol: /^https?$/, error: required('must be an http:// or https:// URL') })
      .transform((value) => new URL(value).origin),
    key: deviceKey,
    'queue-dir': z
      .string()
      .min(1)
      .transform((dir) => path.resolve(dir)),
    source: z.union([
      z.enum(['stdin', 'pcsc']).transform((kind): CardSource => ({ kind })),
      z
        .string()
        .regex(/^file:.+/, 'must be stdin, pcsc or file:PATH')
        .transform((value): CardSource => ({
          kind: 'file',
          path: path.resolve(value.slice('file:'.length)),
        })),
    ]),
    direction: z.enum(['toggle', 'in', 'out']),
    rate: z.coerce.number().positive().max(1000).optional(),
  })
  .refine((options) => options.rate === undefined || options.source.kind === 'file', {
    path: ['rate'],
    message: 'only applies to --source file:PATH',
  });

export type AgentArgs = z.output<typeof optionsSchema>;

/** Parses argv and the environment; throws a UsageError naming the offending option. */
export function parseAgentArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): AgentArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        server: { type: 'string' },
        key: { type: 'string' },
        'key-file': { type: 'string' },
        'queue-dir': { type: 'string' },
        source: { type: 'string' },
        rate: { type: 'string' },
        direction: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (values.key !== undefined && values['key-file'] !== undefined) {
    throw new UsageError('--key, --key-file: give only one of them');
  }
  const parsed = optionsSchema.safeParse({
    server: values.server ?? env.READER_SERVER_URL,
    key: values.key ?? readKeyFile(values['key-file']) ?? env.READER_DEVICE_KEY,
    'queue-dir': values['queue-dir'] ?? env.READER_QUEUE_DIR ?? defaultQueueDir(),
    source: values.source ?? 'stdin',
    direction: values.direction ?? 'toggle',
    rate: values.rate,
  });
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((issue) => `${optionName(issue.path)}: ${issue.message}`).join('\n'),
    );
  }
  return parsed.data;
}

function optionName(issuePath: PropertyKey[]): string {
  const name = String(issuePath[0] ?? '');
  if (name === 'key') return '--key / --key-file / READER_DEVICE_KEY';
  if (name === 'server') return '--server (or READER_SERVER_URL)';
  return `--${name}`;
}

function readKeyFile(file: string | boolean | undefined): string | undefined {
  if (typeof file !== 'string') return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(
      `--key-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
