/**
 * The Express application. Routes are thin: validate, call a query module, shape the answer. All
 * errors are rendered by one handler from the AppError hierarchy.
 */
import express from 'express';
import type { ErrorRequestHandler, Express } from 'express';
import type { Logger } from 'pino';
import type { Executor } from '../db/executor.js';
import { AppError } from '../errors.js';
import { countByLabelAndType } from '../queries/stats.js';

export interface AppDeps {
  readonly executor: Executor;
  readonly logger: Logger;
  /** How Neo4j was reached (embedded, external, container), reported by /api/health. */
  readonly neo4jMode: string;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));

  app.get('/api/health', async (_req, res) => {
    try {
      const [server, counts] = await Promise.all([deps.executor.serverInfo(), countByLabelAndType(deps.executor)]);
      res.json({ status: 'ok', neo4j: { ...server, mode: deps.neo4jMode }, counts });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ status: 'unavailable', neo4j: { mode: deps.neo4jMode, error: message } });
    }
  });

  app.get('/api/ready', async (_req, res) => {
    try {
      await deps.executor.serverInfo();
      res.json({ ready: true });
    } catch {
      res.status(503).set('Retry-After', '5').json({ ready: false });
    }
  });

  app.use('/api', (req, _res, next) => next(new AppError('not_found', `no route ${req.method} ${req.path}`, 404)));

  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof AppError) {
      if (error.status === 503) res.set('Retry-After', '5');
      res.status(error.status).json({ error: { code: error.code, message: error.message, details: error.details } });
      return;
    }
    deps.logger.error({ err: error, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error; see the server log.' } });
  };
  app.use(onError);
  return app;
}
