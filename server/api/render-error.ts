/**
 * How every API error is answered, in one place: an AppError whose message may be shown with its own
 * status and code (503 with Retry-After); Express's body-parser failures as the AppErrors they are;
 * anything else is a bug, logged, and answered with a 500 that reveals nothing.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';

/** body-parser's failures (they carry a `type`), said as AppErrors. */
function bodyError(error: { type?: unknown; message?: unknown }): AppError | undefined {
  if (error.type === 'entity.too.large')
    return new AppError('too_large', 'The request body is larger than 256 kB.', 413);
  if (error.type === 'entity.parse.failed')
    return new AppError('invalid_json', `The request body is not valid JSON: ${String(error.message)}`, 400);
  return undefined;
}

export function renderErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const appError = error instanceof AppError ? error : error ? bodyError(error) : undefined;
    if (appError?.shown) {
      if (appError.status === 503) res.set('Retry-After', '5');
      res.status(appError.status).json({
        error: { code: appError.code, message: appError.message, details: appError.details },
      });
      return;
    }
    logger.error({ err: error, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error; see the server log.' } });
  };
}
