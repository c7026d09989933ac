import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/unavailable.js';
import { AppError, type ErrorBody } from './errors.js';

interface BodyParserError {
  type?: string;
  status?: number;
}

function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError(413, 'payload_too_large', 'The request body is too large.');
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_json', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError(415, 'unsupported_encoding', 'The request body encoding is not supported.');
    default:
      return undefined;
  }
}

/** The router could not percent-decode a path parameter (e.g. `%E0%A4%A`). */
function fromMalformedPath(error: unknown): AppError | undefined {
  if (!(error instanceof URIError)) return undefined;
  return new AppError(400, 'malformed_path', 'The request path is not valid percent-encoded UTF-8.');
}

function fromDatabaseOutage(error: unknown): AppError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new AppError(
    503,
    'database_unavailable',
    'The database cannot be reached right now. Nothing was changed; try again shortly.',
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

/** Turns every thrown error into `{ error: { id, message } }`; unknown errors become a 500 with no detail. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestError =
      (error && typeof error === 'object' ? fromBodyParser(error) : undefined) ??
      fromMalformedPath(error) ??
      fromDatabaseOutage(error);
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (requestError) {
      appError = requestError;
      if (appError.status === 503) logger.warn({ method: req.method }, 'database unavailable');
    } else {
      const route = (req.route as { path?: string } | undefined)?.path;
      logger.error({ err: error, method: req.method, route }, 'unhandled request error');
      appError = new AppError(500, 'internal_error', 'Something went wrong on our side. It has been logged.');
    }
    if (res.headersSent) return;
    if (
      (appError.status === 429 || appError.status === 503) &&
      appError.details &&
      typeof appError.details === 'object'
    ) {
      const { retryAfterSeconds } = appError.details as { retryAfterSeconds?: number };
      if (retryAfterSeconds) res.setHeader('Retry-After', String(retryAfterSeconds));
    }
    const body: ErrorBody = {
      error: {
        id: appError.id,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
      },
    };
    res.status(appError.status).json(body);
  };
}
