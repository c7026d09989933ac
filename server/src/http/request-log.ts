import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';

/**
 * One line per request with the matched route pattern, never the raw URL: query strings and
 * path segments can carry names or ids of people.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const routePath = (req.route as { path?: string } | undefined)?.path;
      logger.info(
        {
          method: req.method,
          route: routePath ? `${req.baseUrl}${routePath}` : 'unmatched',
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}
