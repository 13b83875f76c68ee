/**
 * Loading: `backchannel load` (parse + validate + batched MERGE through the driver) against Neo4j's
 * own LOAD CSV … IN TRANSACTIONS of the same data, same server, same constraints; and the real Enron
 * mailboxes. Prints messages per second and the loader's peak RSS, appends them to BENCHMARKS.md.
 *
 *   npx tsx bench/load.ts [--quick] [--sizes S,M,L] [--concurrency N]
 *
 * On this 2-core machine the default sizes (S three times, M once, each path) take about 5 minutes;
 * `--sizes L` (1M messages, 4.6M records, a 1.1 GB NDJSON file) about 20: 8 to write the files, 8
 * for our loader and 4 for LOAD CSV.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../server/config.js';
import { applySchema } from '../server/scripts/migrations.js';
import { exportCsv } from './csv-export.js';
import { writeDataset } from './generate/write.js';
import { rssOf } from './mixed-load.js';
import { generateDataset, SIZES } from './generate/dataset.js';
import {
  benchNeo4j,
  concurrencyArgument,
  connectBench,
  emptyDatabase,
  machine,
  median,
  quick,
  record,
  sizesArgument,
} from './support.js';

const sizes: [string, number][] = quick ? [['S÷10', SIZES.S / 10]] : sizesArgument(['S', 'M']);
/** Runs of each path at sizes up to S (medians); a quick run is a smoke check, so once. */
const repeatsAtS = quick ? 1 : 3;
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

const env = {
  ...process.env,
  NEO4J_URI: connection.target.uri,
  NEO4J_USER: connection.target.user,
  NEO4J_PASSWORD: connection.target.password,
  NEO4J_DATABASE: connection.target.database,
};

/** `backchannel load` as users run it, in its own process: wall time and peak RSS (sampled every 50 ms). */
async function ours(
  file: string,
  reportDir: string,
): Promise<{ seconds: number; rss: number; read: number; messages: number }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(PROJECT_ROOT, 'server', 'main.ts'),
      'load',
      file,
      '--batch-size',
      '5000',
      '--concurrency',
      String(concurrency),
      '--report-dir',
      reportDir,
    ],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let rss = 0;
  const sampler = setInterval(() => {
    try {
      rss = Math.max(rss, rssOf(child.pid!));
    } catch {
      // Exited between two samples.
    }
  }, 50);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(sampler);
  if (code !== 0) throw new Error(`backchannel load ${file} exited with ${code}`);
  const summary = JSON.parse(await readFile(path.join(reportDir, 'summary.json'), 'utf8')) as {
    read: number;
    nodes: Record<string, number>;
  };
  return { seconds: (Date.now() - started) / 1000, rss, read: summary.read, messages: summary.nodes.Message ?? 0 };
}

/** LOAD CSV … IN TRANSACTIONS of the same data, one file after another, on the same schema. */
async function theirs(csvs: { file: string; statement: string }[]): Promise<number> {
  await applySchema(connection.executor);
  const started = Date.now();
  for (const csv of csvs) {
    const session = connection.driver.session({ database: connection.target.database });
    try {
      await session.run(csv.statement, { url: `${base}/${path.basename(csv.file)}` });
    } finally {
      await session.close();
    }
  }
  return (Date.now() - started) / 1000;
}

/** Both paths on the same data, alternating, `repeats` times each; medians. */
async function compare(name: string, messages: number, repeats: number) {
  const ndjson = path.join(dir, `size-${messages}.ndjson`);
  await writeDataset(ndjson, { messages, seed: 1 });
  const csvs = await exportCsv(generateDataset({ messages, seed: 1 }), dir, 5_000);
  const runs: { ours: number; rss: number; read: number; theirs: number }[] = [];
  for (let i = 0; i < repeats; i++) {
    await emptyDatabase(connection);
    const o = await ours(ndjson, path.join(dir, `report-${messages}-${i}`));
    await emptyDatabase(connection);
    runs.push({ ours: o.seconds, rss: o.rss, read: o.read, theirs: await theirs(csvs) });
  }
  const o = median(runs.map((r) => r.ours));
  const t = median(runs.map((r) => r.theirs));
  return [
    name,
    messages,
    runs[0]!.read,
    repeats,
    o.toFixed(1),
    Math.round(messages / o),
    Math.round(Math.max(...runs.map((r) => r.rss)) / 2 ** 20),
    t.toFixed(1),
    Math.round(messages / t),
    (t / o).toFixed(2),
  ];
}

const rows: (string | number)[][] = [];
try {
  // Warm-up, not recorded: the first load after a start plans every statement and fills the page
  // cache, and would make whichever path runs first look several times slower. A quick run's
  // figures are not compared with anything, so it goes without.
  if (!quick) await compare('warm-up', 1_000, 1);
  for (const [name, messages] of sizes) rows.push(await compare(name, messages, messages <= SIZES.S ? repeatsAtS : 1));

  await emptyDatabase(connection);
  const enron = await ours(ENRON, path.join(dir, 'report-enron'));
  rows.push([
    'Enron maildir',
    enron.messages,
    enron.read,
    1,
    enron.seconds.toFixed(1),
    Math.round(enron.messages / enron.seconds),
    Math.round(enron.rss / 2 ** 20),
    '',
    '',
    '',
  ]);
} finally {
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
    'runs',
    'ours s',
    'ours msgs/s',
    'ours peak RSS MiB',
    'LOAD CSV s',
    'LOAD CSV msgs/s',
    'throughput ours/LOAD CSV',
  ],
  rows,
  [
    `Same server, same uniqueness constraints, same MERGE on stable ids, batches of 5,000; ours is \`backchannel load\` in its own process (wall time including Node's start, peak RSS of that process) with ${concurrency} write transaction${concurrency === 1 ? '' : 's'} in flight. LOAD CSV time excludes writing the CSV files; ours includes parsing and validating NDJSON, the schema check and provenance. Both paths ran alternately ${quick ? 'without a warm-up (a quick run)' : 'after an unrecorded warm-up of 1,000 messages each'}; "runs" is how many times each, and the times are medians. Target: throughput ratio ≥ 1.5.`,
  ],
);
