/**
 * Every question the analyst's browser asks, as a route: validated, bounded, answered from the
 * query modules. Thin by design: no Cypher here.
 */
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Executor } from '../db/executor.js';
import { AppError } from '../errors.js';
import { bundleGraph } from '../queries/bundle-graph.js';
import { bundleMessages, bundles } from '../queries/bundles.js';
import { entity, relationship } from '../queries/entity.js';
import { expand } from '../queries/expand.js';
import { paramsSchema, toCypherParams } from '../queries/library.js';
import type { SavedQuery } from '../queries/library.js';
import { connectingSubgraph, MAX_HOPS, shortestPaths } from '../queries/paths.js';
import { toDriverParams } from '../db/driver-values.js';
import { runReadOnly } from '../queries/readonly.js';
import { search } from '../queries/search.js';
import { countByLabelAndType, timeCoverage } from '../queries/stats.js';
import { cascade } from '../queries/cascade.js';
import {
  caseFacts,
  listCases,
  loadCase,
  openCase,
  replayElements,
  reproduction,
  saveCase,
  validRef,
} from '../queries/cases.js';
import { coordination } from '../queries/coordination.js';
import { reachBy, timeRespectingPath } from '../queries/time-paths.js';
import { timeline } from '../queries/timeline.js';
import { renderCaseReport, reportPolicy } from './case-report.js';
import { list, requestSignal, route, ValidationError } from './mount.js';
import type { Route } from './mount.js';
import * as s from './answers.js';

export interface RouteDeps {
  readonly executor: Executor;
  readonly library: ReadonlyMap<string, SavedQuery>;
  readonly limits: { readonly rowCap: number; readonly queryTimeoutMs: number; readonly consolePerMinute: number };
}

const nodeId = z.string().min(3).max(1_000).describe('A node id, e.g. account:twitter:wikileaks');
const isoDateTime = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with offset, e.g. 2016-10-12T00:00:00Z');
const offset = z.coerce.number().int().min(0).max(100_000).default(0);
const limit = (dflt: number, max: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const labels = list(s.nodeLabel).optional().describe('Only these labels');
const types = list(s.relationshipType).optional().describe('Only these relationship types');
const level = z.enum(['account', 'person']).default('account');

const window = { from: isoDateTime.optional(), to: isoDateTime.optional() };
const inOrder = [
  (v: { from?: string | undefined; to?: string | undefined }) =>
    !v.from || !v.to || Date.parse(v.from) <= Date.parse(v.to),
  { message: 'from is after to', path: ['from'] as PropertyKey[] },
] as const;

export function apiRoutes(deps: RouteDeps): Route[] {
  const { executor, library, limits } = deps;
  return [
    route({
      method: 'get',
      path: '/api/search',
      cached: true,
      tag: 'explore',
      summary: 'Full-text search over names, handles, addresses, message text and URLs',
      query: z.object({
        q: z.string().trim().min(1).max(500).describe('What to look for'),
        mode: z
          .enum(['plain', 'lucene'])
          .default('plain')
          .describe('plain: any text, every word must match; lucene: Lucene syntax'),
        labels,
        offset,
        limit: limit(20, 100),
      }),
      response: s.searchAnswer,
      handler: ({ query }) => search(executor, query),
    }),
    route({
      method: 'get',
      path: '/api/node',
      cached: true,
      tag: 'explore',
      summary: 'One node: properties, degree per relationship type and direction, and its sources',
      query: z.object({ id: nodeId }),
      response: s.entityAnswer,
      handler: ({ query }) => entity(executor, query.id),
    }),
    route({
      method: 'get',
      path: '/api/relationship',
      cached: true,
      tag: 'explore',
      summary: 'One relationship with its endpoints and the sources that support it',
      query: z.object({ id: z.string().min(3).max(3_000) }),
      response: s.relationshipAnswer,
      handler: ({ query }) => relationship(executor, query.id),
    }),
    route({
      method: 'post',
      path: '/api/expand',
      cached: true,
      tag: 'explore',
      summary: 'Neighbours of nodes, filtered and capped; says how many more there are',
      description:
        'By default follows every relationship type but SUPPORTED_BY and PUBLISHED_BY (sources are in /api/node). With bundle=true, answers with correspondence bundles instead.',
      body: z
        .object({
          ...window,
          ids: z.array(nodeId).min(1).max(50),
          types,
          direction: z.enum(['out', 'in', 'both']).default('both'),
          labels,
          exclude: z.array(z.string()).max(10_000).default([]).describe('Ids already on the canvas'),
          offset,
          limit: limit(50, 500),
          bundle: z.boolean().default(false),
          level,
        })
        .refine(...inOrder),
      response: z.union([s.expandAnswer, s.bundleAnswer]),
      handler: ({ body }) => {
        const span = { ...(body.from ? { from: body.from } : {}), ...(body.to ? { to: body.to } : {}) };
        if (body.bundle) return bundles(executor, { ids: body.ids, level: body.level, limit: body.limit, ...span });
        return expand(executor, { ...body, ...span });
      },
    }),
    route({
      method: 'post',
      path: '/api/paths',
      cached: true,
      tag: 'explore',
      summary: 'Shortest path, or all shortest paths, between two nodes',
      body: z.object({
        from: nodeId,
        to: nodeId,
        maxHops: z.number().int().min(1).max(MAX_HOPS).default(6),
        types: types.describe(
          'Only these relationship types (default: every type but source links; the path tool sends correspondence, affiliation and identity)',
        ),
        direction: z
          .enum(['out', 'in', 'both'])
          .default('both')
          .describe('out: every hop along its arrow from `from` to `to`; in: every hop against it'),
        all: z.boolean().default(false),
        limit: limit(10, 100),
        bundle: z.boolean().default(false),
      }),
      response: s.pathAnswer,
      handler: async ({ body }) => {
        const answer = await shortestPaths(executor, { ...body, types: body.types });
        return body.bundle ? { ...bundleGraph(answer), paths: answer.paths } : answer;
      },
    }),
    route({
      method: 'post',
      path: '/api/connect',
      cached: true,
      tag: 'explore',
      summary: 'The connecting subgraph of several nodes: shortest paths between each pair, merged',
      body: z.object({
        ids: z.array(nodeId).min(2).max(10),
        maxHops: z.number().int().min(1).max(MAX_HOPS).default(4),
        types,
        bundle: z.boolean().default(false),
      }),
      response: s.pathAnswer,
      handler: async ({ body }) => {
        const answer = await connectingSubgraph(executor, {
          ...body,
          types: body.types,
        });
        return body.bundle ? { ...bundleGraph(answer), paths: answer.paths } : answer;
      },
    }),
    route({
      method: 'post',
      path: '/api/bundles',
      cached: true,
      tag: 'correspondence',
      summary: 'Correspondence bundles: one edge per pair and direction with count, first and last time, kinds',
      body: z
        .object({ ...window, ids: z.array(nodeId).min(1).max(50), level, limit: limit(100, 1_000) })
        .refine(...inOrder),
      response: s.bundleAnswer,
      handler: ({ body }) =>
        bundles(executor, {
          ids: body.ids,
          level: body.level,
          limit: body.limit,
          ...(body.from ? { from: body.from } : {}),
          ...(body.to ? { to: body.to } : {}),
        }),
    }),
    route({
      method: 'get',
      path: '/api/bundles/messages',
      cached: true,
      tag: 'correspondence',
      summary: 'The messages of one bundle, from one party to another, in time order',
      query: z.object({ from: nodeId, to: nodeId, level, offset, limit: limit(50, 500) }),
      response: s.bundleMessagesAnswer,
      handler: ({ query }) => bundleMessages(executor, query),
    }),
    route({
      method: 'get',
      path: '/api/timeline',
      cached: true,
      tag: 'time',
      summary: 'Messages in a time window, in order, with precision, relative times and a histogram',
      description:
        "A page of the window in time order (continue with `after`, the previous answer's `next`) and the counts per day, week or month, whichever fits the window.",
      query: z
        .object({
          from: isoDateTime,
          to: isoDateTime,
          ids: list(nodeId).optional().describe('Only messages sent or received by these nodes'),
          after: z.string().max(1_000).optional().describe("The previous page's `next`"),
          offset,
          limit: limit(200, 2_000),
        })
        .refine(...inOrder),
      response: s.timelineAnswer,
      handler: ({ query }) => timeline(executor, query),
    }),
    route({
      method: 'post',
      path: '/api/flow/path',
      cached: true,
      tag: 'time',
      summary:
        'A time-respecting path: every hop (message, retweet) no earlier than the one before it; the soonest arrival or the latest departure, with times, precision and sources',
      body: z
        .object({
          from: nodeId,
          to: nodeId,
          after: isoDateTime.optional().describe('No hop before this'),
          before: isoDateTime.optional().describe('No hop after this'),
          maxDelayMinutes: z.number().min(0).max(10_000_000).optional().describe('Longest wait between two hops'),
          maxHops: z.number().int().min(1).max(MAX_HOPS).default(6),
          mode: z.enum(['earliest', 'latest']).default('earliest'),
        })
        .refine((v) => !v.after || !v.before || Date.parse(v.after) <= Date.parse(v.before), {
          message: 'the window ends before it starts',
          path: ['after'],
        }),
      response: s.timePathAnswer,
      handler: ({ body }) => timeRespectingPath(executor, body),
    }),
    route({
      method: 'get',
      path: '/api/flow/reach',
      cached: true,
      tag: 'time',
      summary: 'Who could have got something to a node by a time, through time-respecting hops',
      query: z
        .object({
          to: nodeId,
          before: isoDateTime,
          after: isoDateTime.optional(),
          maxDelayMinutes: z.coerce.number().min(0).max(10_000_000).optional(),
          maxHops: z.coerce.number().int().min(1).max(MAX_HOPS).default(4),
          limit: limit(100, 1_000),
        })
        .refine((v) => !v.after || Date.parse(v.after) <= Date.parse(v.before), {
          message: 'the window ends before it starts',
          path: ['after'],
        }),
      response: s.reachAnswer,
      handler: ({ query }) => reachBy(executor, query),
    }),
    route({
      method: 'get',
      path: '/api/flow/cascade',
      cached: true,
      tag: 'time',
      summary:
        'How a URL, domain, phrase or message spread: every post in time order with the post it came from, proven (message, retweet, reference) or inferred',
      query: z.object({
        item: z.enum(['url', 'domain', 'phrase', 'message']),
        value: z.string().trim().min(1).max(2_000).describe('The URL, domain, phrase or message id'),
        limit: limit(500, 2_000),
      }),
      response: s.cascadeAnswer,
      handler: ({ query }) => cascade(executor, query),
    }),
    route({
      method: 'get',
      path: '/api/flow/coordination',
      cached: true,
      tag: 'time',
      summary:
        'Groups of accounts that post the same URL or near-identical text within N minutes of each other, repeatedly, ranked',
      query: z
        .object({
          ...window,
          withinMinutes: z.coerce.number().min(0).max(1_440).default(10),
          minItems: z.coerce.number().int().min(1).max(1_000).default(3),
          minAccounts: z.coerce.number().int().min(2).max(1_000).default(2),
          maxAccountsPerItem: z.coerce.number().int().min(2).max(100_000).default(50),
          minTextLength: z.coerce.number().int().min(1).max(1_000).default(20),
          limit: limit(50, 500),
        })
        .refine(...inOrder),
      response: s.coordinationAnswer,
      handler: ({ query }) => coordination(executor, query),
    }),
    route({
      method: 'get',
      path: '/api/cases',
      tag: 'cases',
      summary: 'The saved cases, newest first',
      response: s.caseList,
      handler: async () => ({ cases: await listCases(executor) }),
    }),
    route({
      method: 'get',
      path: '/api/cases/:ref',
      tag: 'cases',
      summary: 'A saved case exactly as saved, whether the data changed since (stale) and what changed',
      response: s.openedCase,
      handler: (_input, req) => openCase(executor, validRef(String(req.params.ref))),
    }),
    route({
      method: 'post',
      path: '/api/cases/:ref',
      tag: 'cases',
      summary: 'Save a case (the version it replaces joins its history)',
      body: s.caseInput,
      response: s.savedCase,
      handler: ({ body }, req) => saveCase(executor, validRef(String(req.params.ref)), body),
    }),
    route({
      method: 'post',
      path: '/api/cases/:ref/replay',
      tag: 'cases',
      summary: 'Replay a case against the data: are all its elements still there?',
      response: s.caseReplay,
      handler: async (_input, req) => {
        const saved = await loadCase(executor, validRef(String(req.params.ref)));
        return replayElements(executor, saved.view.elements);
      },
    }),
    route({
      method: 'get',
      path: '/api/cases/:ref/report',
      tag: 'cases',
      summary:
        'The case as one self-contained HTML page: the graph, messages in time order, every fact with its sources, the notes and the Cypher to reproduce it',
      response: z.string().describe('text/html'),
      handler: async (_input, req, res) => {
        const opened = await openCase(executor, validRef(String(req.params.ref)));
        const facts = await caseFacts(executor, opened.case);
        res
          .type('html')
          .set('Content-Security-Policy', reportPolicy())
          .set('Content-Disposition', `attachment; filename="${opened.case.ref}.html"`)
          .send(renderCaseReport(opened, facts, reproduction(opened.case)));
      },
    }),
    route({
      method: 'get',
      path: '/api/queries',
      tag: 'queries',
      summary: 'The saved-query library (cypher/library) with declared parameters',
      response: s.savedQueryList,
      handler: async () => ({
        queries: [...library.values()].map(({ name, description, params }) => ({ name, description, params })),
      }),
    }),
    route({
      method: 'post',
      path: '/api/queries/:name',
      tag: 'queries',
      summary: 'Run a saved query by name; parameters validated against its declaration',
      body: z.object({ params: z.record(z.string(), z.unknown()).default({}) }),
      response: s.tableAndGraph,
      handler: ({ body }, req, res) => {
        const query = library.get(String(req.params.name));
        if (!query) throw new AppError('not_found', `no saved query named ${JSON.stringify(req.params.name)}`, 404);
        const parsed = paramsSchema(query).safeParse(body.params);
        if (!parsed.success) {
          throw new ValidationError(
            parsed.error.issues.map((i) => ({
              in: 'body',
              parameter: ['params', ...i.path.map(String)].join('.'),
              message: i.message,
            })),
          );
        }
        return runReadOnly(executor, query.cypher, toCypherParams(query, parsed.data), {
          rowCap: limits.rowCap,
          timeoutMs: limits.queryTimeoutMs,
          metadata: { savedQuery: query.name },
          signal: requestSignal(res),
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/cypher',
      tag: 'queries',
      summary: 'Run a read-only Cypher statement; answers a table and the graph found in it',
      before: rateLimit({
        windowMs: 60_000,
        limit: limits.consolePerMinute,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        message: { error: { code: 'rate_limited', message: 'Too many console queries; wait a minute.' } },
      }),
      body: z.object({
        query: z.string().trim().min(1).max(100_000),
        params: z.record(z.string(), z.unknown()).default({}),
      }),
      response: s.tableAndGraph,
      handler: ({ body }, _req, res) =>
        runReadOnly(executor, body.query, toDriverParams(body.params), {
          rowCap: limits.rowCap,
          timeoutMs: limits.queryTimeoutMs,
          metadata: { console: 'true' },
          signal: requestSignal(res),
        }),
    }),
    route({
      method: 'get',
      path: '/api/stats',
      cached: true,
      tag: 'status',
      summary: 'Counts per label and type, Neo4j version and edition, and the time the data covers',
      response: s.statsAnswer,
      handler: async () => {
        const [neo4j, counts, time] = await Promise.all([
          executor.serverInfo(),
          countByLabelAndType(executor),
          timeCoverage(executor),
        ]);
        return { neo4j, counts, time };
      },
    }),
  ];
}
