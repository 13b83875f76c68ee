/**
 * Loading: `backchannel load` (parse + validate + batched MERGE through the driver) against Neo4j's
 * own LOAD CSV … IN TRANSACTIONS of the same data, same server, same constraints; and the real Enron
 * mailboxes. Prints messages per second and the loader's peak RSS, appends them to BENCHMARKS.md.
 *
 *   npx tsx bench/load.ts [--quick] [--sizes S,M,L] [--concurrency N]
 *
 * On this 2-core machine S takes about a minute for both paths, M about ten; L (1M messages) would
 * take hours and is left to a bigger machine.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/db/config.js';
import { applySchema } from '../server/db/schema.js';
import { runLoad } from '../server/load/run.js';
import { exportCsv } from './csv-export.js';
import { writeDataset } from './generate/write.js';
import { generateDataset, SIZES } from './generate/dataset.js';
import {
  benchNeo4j,
  concurrencyArgument,
  connectBench,
  emptyDatabase,
  machine,
  quick,
  record,
  sizesArgument,
} from './support.js';

const sizes: [string, number][] = quick ? [['S÷10', SIZES.S / 10]] : sizesArgument(['S', 'M']);
const concurrency = concurrencyArgument();
const ENRON = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'enron-maildir');

const server = benchNeo4j();
const connection = await connectBench(server);
const info = await connection.executor.serverInfo();
const dir = await mkdtemp(path.join(tmpdir(), 'bench-load-'));

// LOAD CSV reads over HTTP from loopback: the embedded server refuses file:/// URLs by design.
const files = createServer((req, res) =>
  createReadStream(path.join(dir, path.basename(req.url ?? '')))
    .on('error', () => res.writeHead(404).end())
    .pipe(res),
);
await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const rows: (string | number)[][] = [];
try {
  for (const [name, messages] of sizes) {
    const ndjson = path.join(dir, `size-${messages}.ndjson`);
    await writeDataset(ndjson, { messages, seed: 1 });

    await emptyDatabase(connection);
    peakRss = process.memoryUsage().rss;
    const started = Date.now();
    const summary = await runLoad({
      files: [ndjson],
      executor: connection.executor,
      reportDir: path.join(dir, `report-${messages}`),
      batchSize: 5_000,
      concurrency,
    });
    const ours = (Date.now() - started) / 1000;
    const oursRss = peakRss;

    await emptyDatabase(connection);
    await applySchema(connection.executor);
    const csvs = await exportCsv(generateDataset({ messages, seed: 1 }), dir, 5_000);
    const csvStarted = Date.now();
    for (const csv of csvs) {
      const session = connection.driver.session({ database: connection.target.database });
      try {
        await session.run(csv.statement, { url: `${base}/${path.basename(csv.file)}` });
      } finally {
        await session.close();
      }
    }
    const theirs = (Date.now() - csvStarted) / 1000;
    rows.push([
      name,
      messages,
      summary.read,
      ours.toFixed(1),
      Math.round(messages / ours),
      Math.round(oursRss / 2 ** 20),
      theirs.toFixed(1),
      Math.round(messages / theirs),
      (ours / theirs).toFixed(2),
    ]);
  }

  await emptyDatabase(connection);
  const enronStarted = Date.now();
  const enron = await runLoad({
    files: [ENRON],
    executor: connection.executor,
    reportDir: path.join(dir, 'report-enron'),
    batchSize: 5_000,
    concurrency,
  });
  const enronSeconds = (Date.now() - enronStarted) / 1000;
  rows.push([
    'Enron maildir',
    enron.nodes.Message ?? 0,
    enron.read,
    enronSeconds.toFixed(1),
    Math.round((enron.nodes.Message ?? 0) / enronSeconds),
    Math.round(peakRss / 2 ** 20),
    '',
    '',
    '',
  ]);
} finally {
  clearInterval(sampler);
  files.close();
  await connection.close();
  await server.stop();
}

record(
  'Loading: backchannel load vs LOAD CSV … IN TRANSACTIONS',
  machine(info.version),
  [
    'data',
    'messages',
    'records',
    'load s',
    'msgs/s',
    'peak RSS MiB',
    'LOAD CSV s',
    'LOAD CSV msgs/s',
    'time ratio (ours/LOAD CSV)',
  ],
  rows,
  [
    `Same server, same uniqueness constraints, same MERGE on stable ids, batches of 5,000; ours with ${concurrency} write transaction${concurrency === 1 ? '' : 's'} in flight. LOAD CSV time excludes writing the CSV files; ours includes parsing and validating NDJSON, the schema and provenance.`,
  ],
);
