/**
 * Routes declared as data: method, path, zod schemas for path/query/body and the answer. The same
 * declaration validates every request (a bad parameter is a 400 naming it) and generates the
 * OpenAPI document, so the two cannot disagree.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { AnswerCache } from './answer-cache.js';

export interface RouteInput<Q, B> {
  readonly query: Q;
  readonly body: B;
}

export interface Route<Q = unknown, B = unknown> {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly query?: z.ZodType<Q>;
  readonly body?: z.ZodType<B>;
  readonly response: z.ZodType;
  /** False for the routes probes and tools must reach without the API token. */
  readonly authenticated?: boolean;
  /** True for answers that depend only on the validated input and the data: kept in the answer cache between writes. */
  readonly cached?: boolean;
  /** Express middleware to run before validation (e.g. a rate limit). */
  readonly before?: (req: Request, res: Response, next: NextFunction) => void;
  readonly handler: (input: RouteInput<Q, B>, req: Request, res: Response) => Promise<unknown>;
}

/** Aborted when the client goes away before the answer is sent, so its query can be cancelled. */
export function requestSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

export function route<Q = undefined, B = undefined>(spec: Route<Q, B>): Route {
  return spec as unknown as Route;
}

export class ValidationError extends AppError {
  constructor(issues: { in: string; parameter: string; message: string }[]) {
    const first = issues[0]!;
    super('invalid_parameter', `${first.in}.${first.parameter}: ${first.message}`, 400, issues);
  }
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, location: 'query' | 'body'): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    parsed.error.issues.map((issue) => ({
      in: location,
      parameter: issue.path.map(String).join('.') || '(whole)',
      message: issue.message,
    })),
  );
}

export function mount(app: Express, routes: readonly Route[], cache?: AnswerCache): void {
  for (const r of routes) {
    const handlers = [
      ...(r.before ? [r.before] : []),
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          const input = { query: validate(r.query, req.query, 'query'), body: validate(r.body, req.body, 'body') };
          if (cache && r.cached) {
            // The validated input, defaults filled in: two spellings of one question share an entry.
            const key = `${r.method} ${req.path} ${JSON.stringify(input)}`;
            const { body, hit } = await cache.answer(key, () => r.handler(input, req, res));
            res
              .set('X-Backchannel-Cache', hit ? 'hit' : 'miss')
              .type('application/json')
              .send(body);
            return;
          }
          const answer = await r.handler(input, req, res);
          if (!res.headersSent) res.json(answer);
        } catch (error) {
          next(error);
        }
      },
    ];
    app[r.method](r.path, ...handlers);
  }
}

/** A comma-separated list in a query string ("types=SENT,TO") or a repeated parameter, as an array. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  return rest;
}

export function openApiDocument(routes: readonly Route[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters =
      r.query instanceof z.ZodObject
        ? Object.entries(r.query.shape as Record<string, z.ZodType>).map(([name, schema]) => ({
            name,
            in: 'query',
            required: !schema.safeParse(undefined).success,
            ...(schema.description ? { description: schema.description } : {}),
            schema: jsonSchema(schema, 'input'),
          }))
        : [];
    const responses: Record<string, unknown> = {
      200: { description: 'OK', content: { 'application/json': { schema: jsonSchema(r.response, 'output') } } },
      400: {
        description: 'A parameter is invalid; the message names it.',
        content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
      },
      503: {
        description: 'Neo4j is unavailable; retry after the Retry-After header.',
        content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
      },
    };
    if (r.authenticated !== false) {
      responses[401] = {
        description: 'The API token is missing or wrong.',
        content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
      };
    }
    paths[r.path] = {
      ...paths[r.path],
      [r.method]: {
        summary: r.summary,
        ...(r.description ? { description: r.description } : {}),
        tags: [r.tag],
        operationId: `${r.method}${r.path.replace(/^\/api/, '').replace(/[/:{}-]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
        ...(parameters.length ? { parameters } : {}),
        ...(r.body
          ? {
              requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } },
            }
          : {}),
        ...(r.authenticated !== false ? { security: [{ bearer: [] }] } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Backchannel API',
      version: info.version,
      description:
        'Explore correspondence as a graph: search, expand, paths, bundles, timeline, saved queries, console.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
