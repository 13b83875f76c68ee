/**
 * A bounded mixed load against a Backchannel server in its own process (so its memory is its own):
 * search, expand (a hub and a typical account), shortest paths, the timeline and console queries,
 * interleaved on every connection for a fixed time on loopback, while the server's resident memory
 * is sampled once a second. The soak test asserts on the result; bench/soak.ts records it.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../server/config.js';
import { median } from './support.js';

export interface ServerProcess {
  readonly base: string;
  readonly pid: number;
  /** Resident set size of the server process, in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export function rssOf(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'))?.[1];
    if (kib) return Number(kib) * 1024;
  }
  // Not Linux: ps reports kilobytes too.
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

/**
 * Starts `backchannel serve` (of `root`) with `env` (NEO4J_URI and friends) on a free loopback port and waits
 * until it answers /api/health. Its stderr is kept, so a failed start says why.
 */
export async function spawnServer(
  env: NodeJS.ProcessEnv,
  startTimeoutMs = 60_000,
  /** The checkout whose server runs (another version's, to compare side by side). */
  root = PROJECT_ROOT,
): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'server', 'main.ts'), 'serve'],
    // Request logs go to stdout as in production, but nobody reads them here.
    { cwd: root, env: { ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`backchannel serve exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`backchannel serve did not answer ${base}/api/health within ${startTimeoutMs} ms: ${stderr}`);
    }
    await sleep(250);
  }
  return {
    base,
    pid: child.pid!,
    rss: () => rssOf(child.pid!),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface MixedLoadOptions {
  readonly base: string;
  readonly seconds: number;
  readonly connections: number;
  /** An account with thousands of neighbours, and one with a handful. */
  readonly hub: string;
  readonly typical: string;
  /** Sampled once a second while the load runs. */
  readonly rss: () => number;
}

export interface RouteOutcome {
  /** Responses per HTTP status. */
  readonly statuses: Record<number, number>;
}

export interface MixedLoadResult {
  readonly routes: Record<string, RouteOutcome>;
  readonly latency: { p50: number; p90: number; p99: number; max: number };
  readonly requestsPerSecond: number;
  readonly total: number;
  /** Socket errors and timeouts (autocannon's own count): none may happen. */
  readonly errors: number;
  readonly timeouts: number;
  /** Resident memory of the server, one sample a second, in bytes. */
  readonly rssSamples: number[];
}

/** Words of the generator's vocabulary (bench/generate/dataset.ts). */
const TERMS = ['draft', 'meeting', 'deadline', 'documents', 'legal', 'announcement'];

/** The mix: what an analyst's session sends, one of each per round on every connection. */
function requests(o: MixedLoadOptions, routes: Record<string, { statuses: Record<number, number> }>) {
  const json = { 'content-type': 'application/json' };
  let term = 0;
  const counted = (name: string, request: autocannon.Request): autocannon.Request => {
    routes[name] = { statuses: {} };
    return {
      ...request,
      onResponse: (status: number) => {
        const statuses = routes[name]!.statuses;
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    };
  };
  return [
    counted('search', {
      method: 'GET',
      // A different word each time, so the answers are not one cached page.
      setupRequest: (request) => ({ ...request, path: `/api/search?q=${TERMS[term++ % TERMS.length]}&limit=20` }),
      path: '/api/search?q=draft',
    }),
    counted('expand (hub)', {
      method: 'POST',
      path: '/api/expand',
      headers: json,
      body: JSON.stringify({ ids: [o.hub] }),
    }),
    counted('expand (typical)', {
      method: 'POST',
      path: '/api/expand',
      headers: json,
      body: JSON.stringify({ ids: [o.typical] }),
    }),
    counted('bundles (hub)', {
      method: 'POST',
      path: '/api/bundles',
      headers: json,
      body: JSON.stringify({ ids: [o.hub], limit: 100 }),
    }),
    counted('shortest path', {
      method: 'POST',
      path: '/api/paths',
      headers: json,
      body: JSON.stringify({ from: o.typical, to: o.hub }),
    }),
    counted('timeline', {
      method: 'GET',
      path: '/api/timeline?from=2016-01-01T00:00:00Z&to=2016-02-01T00:00:00Z&limit=100',
    }),
    counted('console', {
      method: 'POST',
      path: '/api/cypher',
      headers: json,
      body: JSON.stringify({ query: 'MATCH (m:Message) RETURN m.id AS id LIMIT 10' }),
    }),
  ];
}

export async function mixedLoad(o: MixedLoadOptions): Promise<MixedLoadResult> {
  const routes: Record<string, { statuses: Record<number, number> }> = {};
  const rssSamples = [o.rss()];
  const sampler = setInterval(() => rssSamples.push(o.rss()), 1_000);
  try {
    const result = await autocannon({
      url: o.base,
      connections: o.connections,
      duration: o.seconds,
      requests: requests(o, routes),
      // A request still unanswered after this long is a failure, not a slow success.
      timeout: 20,
    });
    return {
      routes,
      latency: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      requestsPerSecond: result.requests.average,
      total: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      rssSamples,
    };
  } finally {
    clearInterval(sampler);
    rssSamples.push(o.rss());
  }
}

/**
 * Whether memory kept growing: the median of the second quarter of the samples (after start-up and
 * the first plans and caches) against the median of the last quarter.
 */
export function memoryGrowth(samples: number[]): { settled: number; end: number; ratio: number } {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const settled = median(samples.slice(quarter, 2 * quarter));
  const end = median(samples.slice(-quarter));
  return { settled, end, ratio: end / settled };
}

/** Responses that are neither a success nor the console's deliberate 429, per route. */
export function unexpectedStatuses(result: MixedLoadResult): Record<string, Record<number, number>> {
  const unexpected: Record<string, Record<number, number>> = {};
  for (const [route, { statuses }] of Object.entries(result.routes)) {
    for (const [status, count] of Object.entries(statuses)) {
      const code = Number(status);
      if ((code >= 200 && code < 300) || (route === 'console' && code === 429)) continue;
      (unexpected[route] ??= {})[code] = count;
    }
  }
  return unexpected;
}
