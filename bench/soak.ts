/**
 * Mixed analyst traffic (search, expand, bundles, paths, timeline, console) against a server process
 * on a generated graph for a fixed time: p50/p90/p99, requests/s, statuses per route and the
 * server's memory from start to end. Appends them to BENCHMARKS.md.
 *
 *   npx tsx bench/soak.ts [--quick]       (quick: 1,000 messages, 10 s; full: 10,000 messages, 3 min)
 */
import { hubAccount, SIZES, typicalAccount } from './generate/dataset.js';
import { loadGeneratedDataset } from './generate/write.js';
import { memoryGrowth, mixedLoad, spawnServer, unexpectedStatuses } from './mixed-load.js';
import { nodeId } from '../server/model/keys.js';
import { benchNeo4j, connectBench, emptyDatabase, machine, quick, record } from './support.js';

const seconds = quick ? 10 : 180;
const connections = 50;
const consolePerMinute = 30;
const options = { messages: quick ? SIZES.S / 10 : SIZES.S, seed: 1 };

const neo4j = benchNeo4j();
const loader = await connectBench(neo4j);
const info = await loader.executor.serverInfo();
await emptyDatabase(loader);
await loadGeneratedDataset(loader.executor, options);
await loader.close();

const target = await neo4j.start();
const server = await spawnServer({
  ...process.env,
  NEO4J_URI: target.uri,
  NEO4J_USER: target.user,
  NEO4J_PASSWORD: target.password,
  NEO4J_DATABASE: target.database,
  CONSOLE_RATE_LIMIT: String(consolePerMinute),
});
let result;
try {
  result = await mixedLoad({
    base: server.base,
    seconds,
    connections,
    hub: nodeId('Account', { ...hubAccount(options) }),
    typical: nodeId('Account', { ...typicalAccount(options) }),
    rss: server.rss,
  });
} finally {
  await server.stop();
  await neo4j.stop();
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const memory = memoryGrowth(result.rssSamples);
const unexpected = unexpectedStatuses(result);
const statuses = Object.entries(result.routes)
  .map(
    ([route, { statuses: s }]) =>
      `${route} ${Object.entries(s)
        .map(([code, n]) => `${code}×${n}`)
        .join(' ')}`,
  )
  .join('; ');
record(
  `Mixed traffic for ${seconds} s at ${options.messages.toLocaleString('en')} messages`,
  machine(info.version),
  [
    'connections',
    'requests',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'errors + timeouts',
    'RSS start MiB',
    'RSS settled MiB',
    'RSS end MiB',
    'end/settled',
  ],
  [
    [
      connections,
      result.total,
      result.requestsPerSecond.toFixed(0),
      result.latency.p50,
      result.latency.p90,
      result.latency.p99,
      result.latency.max,
      result.errors + result.timeouts,
      mib(result.rssSamples[0]!),
      mib(memory.settled),
      mib(memory.end),
      memory.ratio.toFixed(2),
    ],
  ],
  [
    `Server in its own process (backchannel serve), autocannon on loopback, one of each request per round on every connection; console limited to ${consolePerMinute}/min, so its 429s are deliberate. Statuses: ${statuses}.`,
    Object.keys(unexpected).length ? `UNEXPECTED statuses: ${JSON.stringify(unexpected)}` : 'No unexpected statuses.',
  ],
);
if (Object.keys(unexpected).length || result.errors || result.timeouts) process.exitCode = 1;
