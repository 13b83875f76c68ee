/**
 * What every benchmark needs: a Neo4j of its own (the embedded server, on bench ports, emptied
 * before each scenario), medians of repeated runs, and the machine's description for BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../server/config.js';
import { openConnection } from '../server/db/connect.js';
import type { Connection } from '../server/db/connect.js';
import { EmbeddedNeo4j } from '../server/db/embedded/neo4j.js';
import { SIZES } from './generate/dataset.js';

type SizeName = keyof typeof SIZES;

export const quick = process.argv.includes('--quick');

/** The value after `--name` on the command line, if any. */
export function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** `--sizes S,M,L`: the generator's sizes to run, or the defaults. */
export function sizesArgument(defaults: SizeName[]): [SizeName, number][] {
  const names = argument('sizes')?.split(',') ?? defaults;
  return names.map((name) => {
    if (!Object.hasOwn(SIZES, name)) throw new Error(`--sizes: ${name} is not one of ${Object.keys(SIZES).join(', ')}`);
    return [name as SizeName, SIZES[name as SizeName]];
  });
}

/** `--concurrency N`: the loader's write transactions in flight (default 2, as `backchannel load`). */
export function concurrencyArgument(): number {
  const value = Number(argument('concurrency') ?? 2);
  if (!Number.isInteger(value) || value < 1) throw new Error('--concurrency must be a positive integer');
  return value;
}

const DEFAULT_BENCH_BOLT_PORT = 7694;

/** `BACKCHANNEL_BENCH_BOLT_PORT` (default 7694): lets two bench runs on one machine keep apart. */
export function benchBoltPort(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const text = env.BACKCHANNEL_BENCH_BOLT_PORT ?? String(DEFAULT_BENCH_BOLT_PORT);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1024 || port > 65535) {
    throw new Error(`BACKCHANNEL_BENCH_BOLT_PORT=${text}: expected a port number from 1024 to 65535`);
  }
  return port;
}

export function benchNeo4j(): EmbeddedNeo4j {
  const boltPort = benchBoltPort();
  return new EmbeddedNeo4j(
    {
      ...loadConfig({}).embedded,
      // The default keeps its old home (a database kept with --reuse stays usable); another port
      // gets a home of its own, as the integration tests' servers do.
      home: path.join(PROJECT_ROOT, '.neo4j', boltPort === DEFAULT_BENCH_BOLT_PORT ? 'bench' : `bench-${boltPort}`),
      boltPort,
      httpPort: boltPort - 199,
      heap: quick ? '1g' : '4g',
      pageCache: quick ? '512m' : '4g',
    },
    (line) => process.stderr.write(`${line}\n`),
  );
}

export async function connectBench(server: EmbeddedNeo4j, maxRetryMs?: number): Promise<Connection> {
  const target = await server.start();
  return openConnection(target, 'bench', {
    queryTimeoutMs: 600_000,
    ...(maxRetryMs !== undefined ? { maxRetryMs } : {}),
  });
}

export { emptyDatabase } from '../server/db/empty.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function machine(neo4jVersion: string): string {
  // java -version writes to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0]?.trim() || 'Java unknown';
  return [
    `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`,
    `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}`,
    java,
    `Neo4j ${neo4jVersion}`,
  ].join(', ');
}

/**
 * Prints a table and appends it, dated and with the machine, to BENCHMARKS.md. A quick run only
 * prints: its sizes prove the scripts work (CI runs it), and its figures would bury the real ones.
 */
export function record(
  title: string,
  machineLine: string,
  header: string[],
  rows: (string | number)[][],
  notes: string[] = [],
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => `| ${cells.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`;
  const table = [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
  const text = `\n## ${title}${quick ? ' (quick)' : ''} — ${new Date().toISOString()}\n\n${machineLine}\n\n${table}\n${notes.map((n) => `\n${n}`).join('')}\n`;
  process.stdout.write(text);
  if (quick) return;
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  if (!existsSync(file)) {
    writeFileSync(
      file,
      '# Benchmarks\n\nAppended by `npm run bench` (see bench/). Medians and ratios measured side by side in one run; this machine is shared and noisy.\n',
    );
  }
  appendFileSync(file, text);
}
