import pino from 'pino';

/**
 * Structured logs. Personal data never goes into a log line: log ids, counts and error codes.
 * The redact list is a safety net for mistakes, not a licence to log people.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-csrf-token"]',
          '*.password',
          '*.name',
          '*.birthDate',
          '*.address',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
