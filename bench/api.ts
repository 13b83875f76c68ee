/**
 * API latency under a bounded concurrent load (autocannon on loopback, fixed duration): the API as
 * shipped (answers cached between writes), the same API with its answer cache off, the same query
 * modules called directly through the driver (the API's overhead), and a static JSON route (the
 * framework's ceiling). Appends p50/p99 and requests/s to BENCHMARKS.md.
 *
 *   npx tsx bench/api.ts [--quick] [--sizes S|M|L] [--connections N] [--seconds N] [--reuse] [--before DIR]
 *   (default S, 50 connections, 15 s per route and server)
 *
 * --before DIR runs a second uncached server from another checkout of Backchannel (e.g. a
 * `git archive` of an earlier commit, with node_modules linked) against the same database, route by
 * route right after this version's: the before/after columns of one run on one machine.
 *
 * --reuse keeps the bench database as it is when it already holds the generated dataset of that size
 * (loading L takes about 8 minutes here).
 */
import autocannon from 'autocannon';
import { INTERACTIVE, openConnection } from '../server/db/connect.js';
import { nodeId } from '../server/model/keys.js';
import { expand } from '../server/queries/expand.js';
import { entity } from '../server/queries/entity.js';
import { shortestPaths } from '../server/queries/paths.js';
import { search } from '../server/queries/search.js';
import { timeline } from '../server/queries/timeline.js';
import { hubAccount, SIZES, typicalAccount } from './generate/dataset.js';
import { loadGeneratedDataset } from './generate/write.js';
import { spawnServer } from './mixed-load.js';
import {
  argument,
  benchNeo4j,
  connectBench,
  emptyDatabase,
  machine,
  median,
  quick,
  record,
  sizesArgument,
} from './support.js';

// Quick: a smoke check of every route under concurrency, not a measurement.
const seconds = quick ? 2 : Number(argument('seconds') ?? 15);
const beforeRoot = argument('before');
const connections = Number(argument('connections') ?? 50);
const size = quick ? SIZES.S / 10 : sizesArgument(['S'])[0]![1];
const options = { messages: size, seed: 1 };
const hub = nodeId('Account', { ...hubAccount(options) });
const typical = nodeId('Account', { ...typicalAccount(options) });

const server = benchNeo4j();
const loader = await connectBench(server);
const info = await loader.executor.serverInfo();
const [held] = await loader.executor.rows<{ messages: number; generated: boolean }>(
  `CALL () { MATCH (m:Message) RETURN count(m) AS messages }
   RETURN messages, EXISTS { MATCH (:Source {ref: 'bench-generator'}) } AS generated`,
);
if (process.argv.includes('--reuse') && held?.generated && held.messages === size) {
  process.stderr.write(`Reusing the bench database: it holds the generated ${size} messages.\n`);
} else {
  await emptyDatabase(loader);
  await loadGeneratedDataset(loader.executor, options);
}
await loader.close();

const target = await server.start();
const env = {
  ...process.env,
  NEO4J_URI: target.uri,
  NEO4J_USER: target.user,
  NEO4J_PASSWORD: target.password,
  NEO4J_DATABASE: target.database,
};
// The API in a process of its own, as users run it (request logs on), so that autocannon and the
// direct calls below do not share its event loop; a second one with the answer cache off.
const api = await spawnServer(env);
const uncached = await spawnServer({ ...env, ANSWER_CACHE_MB: '0' });
const before = beforeRoot ? await spawnServer({ ...env, ANSWER_CACHE_MB: '0' }, 60_000, beforeRoot) : undefined;
const connection = openConnection(target, 'bench api', INTERACTIVE);

const window = { from: '2016-01-01T00:00:00Z', to: '2016-02-01T00:00:00Z' };
// The hub's last page of neighbours, and the whole database's span as the client asks for it.
const [hubTotal] = await connection.executor.rows<{ total: number }>(
  'MATCH (n:Account {id: $hub}) RETURN COUNT { (n)--() } AS total',
  { hub },
);
const hubLastPage = Math.max(0, (hubTotal?.total ?? 0) - 50);
const [times] = await connection.executor.rows<{ first: string; last: string }>(
  'MATCH (m:Message) RETURN toString(min(m.sentFrom)) AS first, toString(max(m.sentTo)) AS last',
);
const span = {
  from: `${String(times?.first).slice(0, 10)}T00:00:00Z`,
  to: `${String(times?.last).slice(0, 10)}T23:59:59Z`,
};
const e = connection.executor;
const scenarios: {
  name: string;
  request: autocannon.Request;
  direct?: () => Promise<unknown>;
  /** Not a query: run against the shipped server only. */
  ceiling?: boolean;
}[] = [
  { name: 'static JSON (ceiling)', request: { method: 'GET', path: '/api/openapi.json' }, ceiling: true },
  {
    name: 'search',
    request: { method: 'GET', path: '/api/search?q=example&limit=20' },
    direct: () => search(e, { q: 'example', mode: 'plain', offset: 0, limit: 20 }),
  },
  {
    name: 'entity (hub)',
    request: { method: 'GET', path: `/api/node?id=${encodeURIComponent(hub)}` },
    direct: () => entity(e, hub),
  },
  {
    name: 'expand (hub)',
    request: {
      method: 'POST',
      path: '/api/expand',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [hub] }),
    },
    direct: () => expand(e, { ids: [hub], direction: 'both', offset: 0, limit: 50 }),
  },
  {
    name: 'expand (typical)',
    request: {
      method: 'POST',
      path: '/api/expand',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [typical] }),
    },
    direct: () => expand(e, { ids: [typical], direction: 'both', offset: 0, limit: 50 }),
  },
  {
    name: 'shortest path',
    request: {
      method: 'POST',
      path: '/api/paths',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: typical, to: hub }),
    },
    direct: () => shortestPaths(e, { from: typical, to: hub, maxHops: 6, all: false, limit: 10 }),
  },
  {
    name: 'expand (hub, last page)',
    request: {
      method: 'POST',
      path: '/api/expand',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [hub], offset: hubLastPage, limit: 50 }),
    },
  },
  {
    name: 'bundles (hub)',
    request: {
      method: 'POST',
      path: '/api/bundles',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [hub] }),
    },
  },
  {
    name: 'timeline (whole database, first page)',
    request: { method: 'GET', path: `/api/timeline?from=${span.from}&to=${span.to}&limit=200` },
  },
  {
    name: 'timeline (1 month)',
    request: { method: 'GET', path: `/api/timeline?from=${window.from}&to=${window.to}&limit=100` },
    direct: () => timeline(e, { ...window, offset: 0, limit: 100 }),
  },
];

/** The same work without HTTP: `connections` callers in a loop for the same duration; failures
 * (a query over its time limit) are counted, as autocannon counts them. */
async function directRun(work: () => Promise<unknown>) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const started = performance.now();
        try {
          await work();
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50: latencies.length ? median(latencies) : 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    rps: latencies.length / seconds,
    errors,
  };
}

async function warmUp(base: string, s: (typeof scenarios)[number]) {
  // The first run of a query plans it and fills the page cache; that is not latency.
  for (let i = 0; i < 3; i++) {
    const response = await fetch(`${base}${s.request.path}`, {
      method: s.request.method ?? 'GET',
      ...(s.request.headers ? { headers: s.request.headers as Record<string, string> } : {}),
      ...(s.request.body ? { body: s.request.body as string } : {}),
    });
    if (!response.ok) throw new Error(`${s.name}: ${s.request.path} answered ${response.status}`);
  }
}

async function load(base: string, s: (typeof scenarios)[number]) {
  await warmUp(base, s);
  const result = await autocannon({ url: base, connections, duration: seconds, requests: [s.request] });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Bytes of the whole database's first timeline answer: as this client asks (200) and as the earlier one did (2,000). */
async function timelineBytes(base: string, limit: number): Promise<number> {
  const response = await fetch(`${base}/api/timeline?from=${span.from}&to=${span.to}&limit=${limit}`);
  return (await response.arrayBuffer()).byteLength;
}
const sizes = [
  `after: ${(await timelineBytes(uncached.base, 200)).toLocaleString('en')} bytes (limit 200, as the client asks now)`,
];
if (before) {
  sizes.push(
    `before: ${(await timelineBytes(before.base, 200)).toLocaleString('en')} bytes at limit 200, ${(await timelineBytes(before.base, 2000)).toLocaleString('en')} at limit 2,000 (as the client asked before)`,
  );
}

const ratio = (a: number, b: number | undefined) => (b && b > 0 ? (a / b).toFixed(2) : '');
const rows: (string | number)[][] = [];
try {
  for (const s of scenarios) {
    const cachedRun = await load(api.base, s);
    const uncachedRun = s.ceiling ? undefined : await load(uncached.base, s);
    const beforeRun = before && !s.ceiling ? await load(before.base, s) : undefined;
    if (s.direct) for (let i = 0; i < 3; i++) await s.direct().catch(() => undefined);
    const direct = s.direct ? await directRun(s.direct) : undefined;
    rows.push([
      s.name,
      cachedRun.p50,
      cachedRun.p99,
      cachedRun.rps,
      uncachedRun?.p50 ?? '',
      uncachedRun?.p99 ?? '',
      uncachedRun?.rps ?? '',
      `${cachedRun.errors} / ${uncachedRun?.errors ?? ''} / ${direct?.errors ?? ''}`,
      direct ? direct.p50.toFixed(1) : '',
      direct ? direct.p99.toFixed(1) : '',
      direct ? Math.round(direct.rps) : '',
      uncachedRun ? ratio(uncachedRun.p50, direct?.p50) : '',
      ratio(cachedRun.p50, direct?.p50),
      ...(before
        ? [
            beforeRun?.p50 ?? '',
            beforeRun?.p99 ?? '',
            beforeRun?.rps ?? '',
            beforeRun?.errors ?? '',
            uncachedRun && beforeRun ? ratio(uncachedRun.p99, beforeRun.p99) : '',
          ]
        : []),
    ]);
  }
} finally {
  await api.stop();
  await uncached.stop();
  await before?.stop();
  await connection.close();
  await server.stop();
}

record(
  `API latency at ${size.toLocaleString('en')} messages`,
  machine(info.version),
  [
    'route',
    'API p50 ms',
    'API p99 ms',
    'API req/s',
    'no cache p50 ms',
    'no cache p99 ms',
    'no cache req/s',
    'errors (API / no cache / direct)',
    'direct p50 ms',
    'direct p99 ms',
    'direct calls/s',
    'p50 ratio no cache/direct',
    'p50 ratio API/direct',
    ...(before
      ? ['before, no cache p50 ms', 'before p99 ms', 'before req/s', 'before errors', 'p99 ratio after/before']
      : []),
  ],
  rows,
  [
    ...(before
      ? [
          `"before" is a third server, answer cache off, run from ${beforeRoot} against the same database right after "no cache" on each route; "p99 ratio after/before" is no cache p99 over before p99.`,
        ]
      : []),
    `The whole database's first timeline answer (${span.from} – ${span.to}): ${sizes.join('; ')}.`,
    `autocannon, ${connections} connections, ${seconds} s per route and server, loopback, against \`backchannel serve\` in its own process (request logging on, as shipped). "API" is the server as shipped: answers are cached between writes (server/api/answer-cache.ts), and autocannon repeats one request, so after the first every answer is a hit that still checks the data version with Neo4j (one trivial read transaction shared by the requests in flight). "no cache" is a second server with ANSWER_CACHE_MB=0: every request runs its query. "direct" runs the same query module through the driver with ${connections} concurrent callers in the bench process. Targets: p99 under 50 ms for search and expand; overhead (no cache/direct, p50) under 1.3.`,
  ],
);
