import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
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

/** Turns every thrown error into `{ error: { id, message } }`; unknown errors become a 500 with no detail. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const parserError = error && typeof error === 'object' ? fromBodyParser(error) : undefined;
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (parserError) appError = parserError;
    else {
      const route = (req.route as { path?: string } | undefined)?.path;
      logger.error({ err: error, method: req.method, route }, 'unhandled request error');
      appError = new AppError(500, 'internal_error', 'Something went wrong on our side. It has been logged.');
    }
    if (res.headersSent) return;
    if (appError.status === 429 && appError.details && typeof appError.details === 'object') {
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
