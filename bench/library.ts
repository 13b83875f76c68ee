/**
 * The saved-query library (cypher/library) on a generated graph: each query run as the API runs it
 * (validated parameters, EXPLAIN first, a READ transaction, the graph built from the rows), its
 * median time over repeated runs, and the db hits of a PROFILE. Appends a table to BENCHMARKS.md.
 *
 *   npx tsx bench/library.ts [--quick] [--sizes S|M|L] [--reuse] [--keep] [--library <dir>] [--runs N] [--timeout s]
 *
 * --keep leaves the bench Neo4j running. Default size M (100,000 messages, the founding case loaded beside it). --library runs the queries
 * of another folder (an older checkout's cypher/library) on the same database, for before/after
 * figures; a query this bench has no parameters for fails loudly rather than being skipped.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { AppError } from '../server/errors.js';
import { nodeId } from '../server/model/keys.js';
import { loadLibrary, paramsSchema, toCypherParams } from '../server/queries/library.js';
import { runReadOnly } from '../server/queries/readonly.js';
import { hubAccount, SIZES, typicalAccount } from './generate/dataset.js';
import { loadGeneratedDataset } from './generate/write.js';
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
import type { ProfiledPlan } from 'neo4j-driver';

const size = quick ? SIZES.S / 10 : sizesArgument(['M'])[0]![1];
const runs = Number(argument('runs') ?? (quick ? 1 : 5));
/** `--timeout <s>` per run (default 60): an old query's minutes are reported, not waited out. */
const timeoutMs = Number(argument('timeout') ?? 60) * 1000;
const options = { messages: size, seed: 1 };
const hub = nodeId('Account', { ...hubAccount(options) });
const typical = nodeId('Account', { ...typicalAccount(options) });
const libraryDir = path.resolve(argument('library') ?? path.join(PROJECT_ROOT, 'cypher', 'library'));
const FOUNDING_CASE = path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson');

const server = benchNeo4j();
const connection = await connectBench(server);
const e = connection.executor;
const info = await e.serverInfo();
const [held] = await e.rows<{ messages: number; generated: boolean }>(
  `CALL () { MATCH (m:Message) RETURN count(m) AS messages }
   RETURN messages, EXISTS { MATCH (:Source {ref: 'bench-generator'}) } AS generated`,
);
// The founding case adds its own handful of messages.
if (process.argv.includes('--reuse') && held?.generated && held.messages >= size && held.messages < size + 100) {
  process.stderr.write(`Reusing the bench database: it holds the generated ${size} messages.\n`);
} else {
  await emptyDatabase(connection);
  await loadGeneratedDataset(e, options, [FOUNDING_CASE]);
}

/** Twenty active accounts (activity ranks 101–120) and twenty quiet ones: the 20×20 groups. */
const groups = await e.rows<{ busy: string[]; quiet: string[] }>(
  `CALL () { MATCH (a:Account {platform: 'email'}) WITH a ORDER BY COUNT { (a)-[:SENT]->() } DESC, a.id SKIP 100 LIMIT 20
             RETURN collect(a.id) AS busy }
   CALL () { MATCH (a:Account {platform: 'email'}) WITH a ORDER BY a.id LIMIT 20 RETURN collect(a.id) AS quiet }
   RETURN busy, quiet`,
);
const { busy = [], quiet = [] } = groups[0] ?? {};
const [party] = await e.rows<{ id: string; other: string; run: string }>(
  `MATCH (p:Person)-[:CONTROLS]->(:Account {id: $hub})
   CALL () { MATCH (r:LoadRun) RETURN r.id AS run ORDER BY r.startedAt DESC LIMIT 1 }
   RETURN p.id AS id, $typical AS other, run`,
  { hub, typical },
);

/** Parameters per query: the hub, a typical account, a busy site, the founding case's source. */
const PARAMS: Record<string, Record<string, unknown>> = {
  brokers: { groupA: busy, groupB: quiet },
  conversation: { a: hub, b: busy[1] },
  correspondents: { id: hub },
  'linked-people': {},
  'shared-urls': {},
  'single-source-facts': {},
  'source-support': { source: 'mueller-report-vol1' },
  'temporal-correlation': { kind: 'direct_message', minutes: 60 },
  'url-propagation': { url: 'site0.example' },
  'amplification-network': {},
  'coordinated-posting': {},
  activity: { id: party!.id },
  thread: { message: 'message:email:gen-1-1000@bench.example' },
  'first-contact': { a: hub, b: typical },
  'co-recipients': { id: hub },
  'organization-matrix': {},
  'actor-paths': { a: hub, b: typical },
  'unsourced-facts': {},
  'load-run': { run: party!.run },
};

const library = loadLibrary(libraryDir);
const rows: (string | number)[][] = [];
for (const query of library.values()) {
  const given = PARAMS[query.name];
  if (!given) throw new Error(`bench/library.ts has no parameters for the saved query ${query.name}`);
  const params = toCypherParams(query, paramsSchema(query).parse(given));
  const run = () => runReadOnly(e, query.cypher, params, { rowCap: 1_000, timeoutMs });
  let first;
  try {
    first = await run();
  } catch (error) {
    // An old query that runs for minutes is a figure too: the table says it did not finish.
    if (!(error instanceof AppError)) throw error;
    rows.push([query.name, `> ${timeoutMs / 1000} s (${error.code})`, '', '', '']);
    process.stderr.write(`${query.name}: ${error.message}\n`);
    continue;
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  const profile = (await e.read(`PROFILE ${query.cypher}`, params, { timeoutMs })).summary.profile;
  const hits = profile ? dbHits(profile) : 0;
  rows.push([
    query.name,
    Math.round(median(times)),
    hits.toLocaleString('en'),
    first.rows.length,
    `${first.graph.nodes.length}/${first.graph.edges.length}`,
  ]);
  process.stderr.write(`${query.name}: ${Math.round(median(times))} ms, ${hits} db hits\n`);
}

function dbHits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((n, child) => n + dbHits(child), 0);
}

record(
  `Saved queries at ${size.toLocaleString('en')} messages (${path.relative(PROJECT_ROOT, libraryDir) || libraryDir})`,
  machine(info.version),
  ['query', 'median ms', 'db hits (PROFILE)', 'rows', 'graph nodes/edges'],
  rows,
  [
    `Median of ${runs} runs after one warm-up, each as the API runs it (EXPLAIN, READ transaction, row cap 1,000); db hits of one PROFILE.`,
  ],
);
await connection.close();
// --keep leaves the server up for the next run (with --reuse) or for PROFILE by hand.
if (!process.argv.includes('--keep')) await server.stop();
