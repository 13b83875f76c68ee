/**
 * The Express application: security headers, an optional API token, one log line per request, the
 * routes (declared in routes.ts, documented by the same declarations at /api/openapi.json), the
 * client's static files, and one error handler for the AppError hierarchy (render-error.ts).
 */
import { existsSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Executor } from '../db/executor.js';
import { AppError } from '../errors.js';
import type { SavedQuery } from '../queries/library.js';
import { countByLabelAndType } from '../queries/stats.js';
import type { AnswerCache } from './answer-cache.js';
import { mount, openApiDocument, route } from './mount.js';
import type { Route } from './mount.js';
import { renderErrors } from './render-error.js';
import { apiRoutes } from './routes.js';
import type { RouteDeps } from './routes.js';
import { z } from 'zod';

export interface AppDeps {
  readonly executor: Executor;
  readonly logger: Logger;
  /** How Neo4j was reached (embedded, external, container), reported by /api/health. */
  readonly neo4jMode: string;
  readonly library?: ReadonlyMap<string, SavedQuery>;
  readonly limits?: Partial<RouteDeps['limits']>;
  /** When set, every route but health, readiness and the OpenAPI document requires `Authorization: Bearer <token>`. */
  readonly apiToken?: string;
  /** The built client (client/dist), served at / when present. */
  readonly clientDir?: string;
  readonly version?: string;
  /** Keeps answers between writes (see answer-cache.ts); absent, every request asks Neo4j. */
  readonly answerCache?: AnswerCache;
}

function requireToken(token: string, open: Set<string>): RequestHandler {
  const expected = Buffer.from(token);
  return (req, _res, next) => {
    if (open.has(req.path) || !req.path.startsWith('/api/')) return next();
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return next();
    next(new AppError('unauthorized', 'This server requires an API token: send Authorization: Bearer <token>.', 401));
  };
}

function statusRoutes(deps: AppDeps): Route[] {
  return [
    route({
      method: 'get',
      path: '/api/health',
      tag: 'status',
      summary: 'Liveness, with the Neo4j version and counts per label and type',
      authenticated: false,
      response: z.object({
        status: z.enum(['ok', 'unavailable']),
        neo4j: z.record(z.string(), z.unknown()),
        counts: z.unknown(),
        answerCache: z
          .object({ hits: z.number(), misses: z.number(), entries: z.number(), bytes: z.number() })
          .optional(),
      }),
      handler: async (_input, _req, res) => {
        try {
          const [server, counts] = await Promise.all([deps.executor.serverInfo(), countByLabelAndType(deps.executor)]);
          return {
            status: 'ok',
            neo4j: { ...server, mode: deps.neo4jMode },
            counts,
            ...(deps.answerCache ? { answerCache: deps.answerCache.snapshot() } : {}),
          };
        } catch (error) {
          res.status(503).set('Retry-After', '5');
          return { status: 'unavailable', neo4j: { mode: deps.neo4jMode, error: (error as Error).message } };
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/ready',
      tag: 'status',
      summary: 'Readiness: 503 while Neo4j is unreachable',
      authenticated: false,
      response: z.object({ ready: z.boolean() }),
      handler: async (_input, _req, res) => {
        try {
          await deps.executor.serverInfo();
          return { ready: true };
        } catch {
          res.status(503).set('Retry-After', '5');
          return { ready: false };
        }
      },
    }),
  ];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Cytoscape sizes its canvas through inline style attributes, not <style> elements.
          styleSrc: ["'self'"],
          styleSrcAttr: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      deps.logger.info(
        {
          method: req.method,
          route: req.route?.path ?? req.path,
          status: res.statusCode,
          ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        },
        'request',
      );
    });
    next();
  });
  app.use('/api', (req, _res, next) => {
    // Bodies are JSON only: anything else is refused before it is parsed (or silently ignored).
    if (req.method === 'POST' && req.headers['content-length'] !== '0' && !req.is('application/json')) {
      next(new AppError('unsupported_media_type', 'Send the request body as application/json.', 415));
      return;
    }
    next();
  });
  app.use(express.json({ limit: '256kb' }));

  const routes = [
    ...statusRoutes(deps),
    ...apiRoutes({
      executor: deps.executor,
      library: deps.library ?? new Map(),
      limits: { rowCap: 1_000, queryTimeoutMs: 15_000, consolePerMinute: 60, ...deps.limits },
    }),
  ];
  const open = new Set(['/api/health', '/api/ready', '/api/openapi.json']);
  if (deps.apiToken) app.use(requireToken(deps.apiToken, open));
  // Serialized once: the document is fixed for the life of the app.
  const document = JSON.stringify(openApiDocument(routes, { version: deps.version ?? '0' }));
  app.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  mount(app, routes, deps.answerCache);
  app.use('/api', (req, _res, next) => next(new AppError('not_found', `no route ${req.method} ${req.path}`, 404)));
  if (deps.clientDir && existsSync(deps.clientDir)) app.use(express.static(deps.clientDir, { index: 'index.html' }));

  app.use(renderErrors(deps.logger));
  return app;
}
