/**
 * The reader agent for a shelter PC: reads card taps, keeps them in a durable local queue, and
 * delivers each exactly once to the server (see docs/reader-agent.md).
 *   npm run reader -- --server https://hinan.example.jp --key-file /etc/hinan/reader.key
 */
import { ReaderAgent } from './agent.js';
import { parseAgentArgs, USAGE, UsageError, type AgentArgs } from './args.js';
import { readLines, readTapFile, type CardRead } from './card-sources.js';
import { loadNfcPcsc, PcscUnavailableError, watchPcscReaders } from './pcsc-source.js';
import { QueueLockedError } from './queue-lock.js';

const EXIT_USAGE = 2;

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parse(): AgentArgs {
  try {
    const args = parseAgentArgs(process.argv.slice(2));
    if (args === 'help') {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    return args;
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n\n${USAGE}`, EXIT_USAGE);
    throw error;
  }
}

const args = parse();
// Load the optional PC/SC package before anything else, so a missing one is reported up front.
const pcsc =
  args.source.kind === 'pcsc'
    ? await loadNfcPcsc().catch((error: unknown) => {
        if (error instanceof PcscUnavailableError) fail(error.message, EXIT_USAGE);
        throw error;
      })
    : undefined;

const url = new URL(args.server);
if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
  process.stderr.write(
    'warning: --server uses plain http; the device key crosses the network unencrypted. Use https.\n',
  );
}

let agent: ReaderAgent;
try {
  agent = ReaderAgent.start({
    server: args.server,
    deviceKey: args.key,
    queueDir: args['queue-dir'],
    direction: args.direction,
  });
} catch (error) {
  if (error instanceof QueueLockedError) fail(error.message, 1);
  throw error;
}
agent.status.notice(
  `reader agent: server ${args.server}, queue ${args['queue-dir']}, source ${args.source.kind}`,
);

let stopping = false;
async function shutdown(code: number, message?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const kept = agent.queued;
  await agent.close();
  if (message) process.stderr.write(`${message}\n`);
  if (kept > 0) process.stderr.write(`${kept} tap(s) kept in the queue; they are sent on the next start.\n`);
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(0));
agent.failure.catch(
  (error: unknown) => void shutdown(1, `reader agent stopped: ${(error as Error).message}`),
);

const onRead = (read: CardRead) => agent.tap(read);
const onBadLine = (line: number, error: string) =>
  agent.status.notice(`input line ${line} ignored: ${error}`);

if (pcsc) {
  await watchPcscReaders(pcsc, { onRead, onReader: (message) => agent.status.notice(message) });
} else {
  if (args.source.kind === 'file')
    await readTapFile(args.source.path, { onRead, onBadLine, rate: args.rate });
  else await readLines(process.stdin, { onRead, onBadLine });
  // The input ended (end of file, or stdin closed): finish delivering, then stop.
  if (agent.stoppedByKey) await shutdown(1);
  if (agent.queued > 0)
    agent.status.notice(`input ended; delivering ${agent.queued} queued tap(s) before stopping`);
  await agent.drained();
  await shutdown(agent.stoppedByKey ? 1 : 0);
}
