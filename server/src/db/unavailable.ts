/**
 * Telling "the database cannot be reached right now" apart from every other failure: the first is
 * answered with 503 and a retry hint and heals by itself when the database returns; the second is
 * a bug or bad data and stays a 500.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (shut down, crashed, starting up).
const SERVER_CODES = /^(08...|57P0[123])$/;
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.some((text) => message.includes(text))) return true;
  // Connecting to a host name with several addresses fails with all of their errors at once.
  return Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable);
}

/** Seconds a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Runs `work` until the database answers: at start-up the database may come up after the server
 * (a machine booting, a container starting). Waits 1 s, doubling to 30 s; any other error, or
 * `maxWaitMs` passing, ends the wait with that error.
 */
export async function untilDatabaseAnswers<T>(
  work: () => Promise<T>,
  onWait: (error: unknown, delayMs: number) => void,
  maxWaitMs = 5 * 60_000,
): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  for (let delayMs = 1_000; ; delayMs = Math.min(delayMs * 2, 30_000)) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + delayMs > deadline) throw error;
      onWait(error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
