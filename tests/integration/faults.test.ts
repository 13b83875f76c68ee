/**
 * Faults, against a Neo4j of this file's own (an embedded server it can stop and start): the
 * database going away under API traffic and under a load, concurrent loaders, and requests the
 * server must refuse or cancel.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataset } from '../../bench/generate/write.js';
import { loadConfig, PROJECT_ROOT, FOUNDING_CASE } from '../../server/config.js';
import { INTERACTIVE, openConnection } from '../../server/db/connect.js';
import type { Connection } from '../../server/db/connect.js';
import type { Neo4jTarget } from '../../server/db/driver.js';
import { EmbeddedNeo4j, portInUse } from '../../server/db/embedded/neo4j.js';
import { runLoad } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { startApi } from '../support/api.js';
import { emptyDatabase } from '../support/neo4j.js';

// Beside the run's own test server (7688 → 7692 by default), so runs on different ports never share it.
const boltPort = Number(process.env.BACKCHANNEL_TEST_BOLT_PORT ?? 7688) + 4;
const settings = {
  ...loadConfig({}).embedded,
  home: path.join(PROJECT_ROOT, '.neo4j', `test-faults-${boltPort}`),
  boltPort,
  httpPort: boltPort - 199,
  heap: '1g',
  pageCache: '512m',
};
const neo4jServer = new EmbeddedNeo4j(settings, () => {});
let loader: Connection;
let dir: string;
let generatedFile: string;

beforeAll(async () => {
  const target = await neo4jServer.start();
  loader = openConnection(target, 'faults loader');
  await emptyDatabase(loader);
  dir = await mkdtemp(path.join(tmpdir(), 'faults-'));
  generatedFile = path.join(dir, 'generated.ndjson');
  await writeDataset(generatedFile, { messages: 3_000, seed: 11 });
}, 300_000);
afterAll(async () => {
  await loader?.close();
  await neo4jServer.stop();
});

/** Counts per label and type, and a checksum of every node and relationship id. */
async function fingerprint(connection: Connection) {
  const counts = await countByLabelAndType(connection.executor);
  const [ids] = await connection.executor.rows<{ nodes: number; rels: number; n: number; r: number }>(
    `CALL () { MATCH (n) WHERE NOT n:LoadRun AND NOT n:SchemaMigration RETURN count(n) AS n, sum(toInteger(size(n.id))) AS nodes }
     CALL () { MATCH ()-[r]->() RETURN count(r) AS r, sum(toInteger(size(r.id))) AS rels }
     RETURN n, nodes, r, rels`,
  );
  const [distinct] = await connection.executor.rows<{ dn: number }>(
    'MATCH (n) WHERE NOT n:LoadRun AND NOT n:SchemaMigration RETURN count(DISTINCT n.id) AS dn',
  );
  return { counts, ids, distinct };
}

/**
 * Waits for a state the test can observe. The limit is a safety net far above any expected time (so
 * a slow, busy machine passes), and a failure names the state that never came.
 */
async function until(what: string, check: () => boolean | Promise<boolean>, limitMs = 300_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${limitMs / 1000} s waiting for: ${what}`);
    await sleep(250);
  }
}

/** `backchannel load` as a user runs it, against this file's Neo4j; stderr is collected as it comes. */
function cliLoad(args: string[], env: Record<string, string>) {
  const child = spawn(path.join(PROJECT_ROOT, 'bin', 'backchannel'), ['load', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stderr: '', code: undefined as number | null | undefined };
  child.stderr.setEncoding('utf8').on('data', (text: string) => (out.stderr += text));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((out.code = code))));
  return { out, exited, kill: () => child.kill() };
}

function neo4jEnv(target: Neo4jTarget): Record<string, string> {
  return {
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    NEO4J_DATABASE: target.database,
  };
}

const OUTAGE_MS = 40_000;

describe('when Neo4j goes away', () => {
  it(
    'for longer than 30 s: the API answers 503 with Retry-After meanwhile and recovers; a load waits, resumes, and ends with the graph of a clean load',
    { timeout: 900_000 },
    async () => {
      await emptyDatabase(loader);
      await runLoad({ files: [generatedFile], executor: loader.executor, reportDir: path.join(dir, 'clean') });
      const clean = await fingerprint(loader);
      await emptyDatabase(loader);

      const target = await neo4jServer.start();
      const interactive = openConnection(target, 'faults api', INTERACTIVE);
      const api = await startApi(interactive);
      const seen: { phase: string; endedIn: string; status: number; retryAfter: string | null; ms: number }[] = [];
      let phase = 'before';
      let running = true;
      const traffic = (async () => {
        // Bounded: at most 2,000 requests, and stops when the test says so.
        for (let i = 0; i < 2_000 && running; i++) {
          const started = Date.now();
          const sentIn = phase;
          const r = await api.get(i % 2 ? '/api/search?q=example' : '/api/ready');
          // A request sent just before a change of phase may end after it.
          seen.push({
            phase: sentIn,
            endedIn: phase,
            status: r.status,
            retryAfter: r.headers.get('retry-after'),
            ms: Date.now() - started,
          });
          await sleep(200);
        }
      })();
      // Small batches: the load is still writing when Neo4j goes. The window (NEO4J_WAIT_SECONDS)
      // is wide so that a restart on a busy machine fits in it with room to spare.
      const load = cliLoad([generatedFile, '--batch-size', '200', '--report-dir', path.join(dir, 'interrupted')], {
        ...neo4jEnv(target),
        NEO4J_WAIT_SECONDS: '600',
      });
      let downFor = 0;
      try {
        await until('the load to commit its first messages', async () => {
          if (load.out.code !== undefined) throw new Error(`the load ended before the outage:\n${load.out.stderr}`);
          const [row] = await loader.executor.rows<{ n: number }>('MATCH (m:Message) RETURN count(m) AS n');
          return row!.n > 0;
        });
        phase = 'stopping';
        await neo4jServer.stop();
        await until('Bolt to refuse connections', async () => !(await portInUse(boltPort)));
        phase = 'down';
        const downSince = Date.now();
        // Down for OUTAGE_MS, measured from when Bolt was seen refusing; and long enough to see the
        // load waiting and the API answering 503 (a busy machine may need longer for both).
        await until(
          `Neo4j down ${OUTAGE_MS / 1000} s, the load waiting and the API answering 503`,
          async () => {
            if (await portInUse(boltPort)) throw new Error('something started Neo4j during the outage');
            return (
              Date.now() - downSince >= OUTAGE_MS &&
              load.out.stderr.includes('waiting for Neo4j (') &&
              seen.filter((s) => s.phase === 'down' && s.status === 503).length >= 3
            );
          },
          600_000,
        );
        downFor = Date.now() - downSince;
        phase = 'restarting';
        await neo4jServer.start();
        phase = 'after';
        await until('the load to finish', () => load.out.code !== undefined, 600_000);
        // A request sent while it restarted may still be finishing: wait for a few sent after.
        await until(
          '5 API answers to requests sent after the restart',
          () => seen.filter((x) => x.phase === 'after').length >= 5,
        );
      } finally {
        running = false;
        await traffic;
        await api.close();
        await interactive.close();
        // After a failure: no load left behind, and a running Neo4j for the tests after this one.
        if (load.out.code === undefined) {
          load.kill();
          await load.exited;
        }
        await neo4jServer.start();
      }

      // The load: waited through the outage, said so without flooding the log, and finished clean.
      const stderr = load.out.stderr;
      expect(load.out.code, stderr).toBe(0);
      expect(stderr).toMatch(/^waiting for Neo4j \(\d+ s\)…$/m);
      const back = /^Neo4j is back after (\d+) s; resuming\.$/m.exec(stderr);
      expect(back, stderr).not.toBeNull();
      expect(Number(back![1]) * 1000).toBeGreaterThanOrEqual(OUTAGE_MS);
      const waitingLines = stderr.split('\n').filter((l) => l.startsWith('waiting for Neo4j')).length;
      expect(waitingLines).toBeLessThanOrEqual(Math.ceil(Number(back![1]) / 15) + 1);
      expect(stderr).not.toMatch(/REJECTED|\n\s+at /);
      expect(await fingerprint(loader)).toEqual(clean);

      // For the log (not asserted: a busy machine stretches them): how long each phase's requests took.
      const phases = ['before', 'stopping', 'down', 'restarting', 'after'].map((p) => {
        const ms = seen.filter((s) => s.phase === p).map((s) => s.ms);
        return `${p} ${ms.length} (max ${Math.max(0, ...ms)} ms)`;
      });
      process.stderr.write(
        `[faults] Neo4j down ${(downFor / 1000).toFixed(0)} s; the load waited ${back![1]} s and resumed; API requests: ${phases.join(', ')}\n`,
      );

      // The API: 503 with Retry-After while Neo4j was away, and 200 again after (each request is
      // awaited in turn, so one that hung would have held the test up).
      expect(seen.filter((s) => s.endedIn === 'before' && s.status !== 200)).toEqual([]);
      // A request sent while down that was still waiting when Neo4j came back may rightly answer 200.
      expect(seen.filter((s) => s.phase === 'down' && s.endedIn === 'down' && s.status !== 503)).toEqual([]);
      expect(seen.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
      expect(seen.filter((s) => s.status === 503).every((s) => s.retryAfter === '5')).toBe(true);
      expect(
        seen
          .filter((s) => s.phase === 'after')
          .slice(-3)
          .map((s) => s.status),
      ).toEqual([200, 200, 200]);

      // And running the same load again changes nothing.
      await runLoad({ files: [generatedFile], executor: loader.executor, reportDir: path.join(dir, 'again') });
      expect(await fingerprint(loader)).toEqual(clean);
    },
  );

  it('a load gives up after its window with one line that names it, when Neo4j stays away', async () => {
    // A port nothing listens on: a Neo4j that never comes back.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const load = cliLoad([FOUNDING_CASE, '--wait-for-neo4j', '1', '--report-dir', path.join(dir, 'gave-up')], {
      NEO4J_URI: `bolt://127.0.0.1:${port}`,
      NEO4J_PASSWORD: 'unused',
    });
    expect(await load.exited).toBe(1);
    const lines = load.out.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^backchannel: Neo4j has not answered for \\d+ s, longer than the 1 s allowed \\(--wait-for-neo4j, NEO4J_WAIT_SECONDS\\)\\..*127\\.0\\.0\\.1:${port}`,
      ),
    );
    expect(load.out.stderr).not.toMatch(/\n\s+at /);
  });

  it('two loaders on overlapping files at once leave no duplicates', async () => {
    await emptyDatabase(loader);
    await runLoad({ files: [generatedFile], executor: loader.executor, reportDir: path.join(dir, 'single') });
    const single = await fingerprint(loader);
    await emptyDatabase(loader);
    const second = openConnection(await neo4jServer.start(), 'second loader');
    try {
      await Promise.all([
        runLoad({
          files: [generatedFile, FOUNDING_CASE],
          executor: loader.executor,
          reportDir: path.join(dir, 'a'),
          batchSize: 300,
        }),
        runLoad({ files: [generatedFile], executor: second.executor, reportDir: path.join(dir, 'b'), batchSize: 700 }),
      ]);
    } finally {
      await second.close();
    }
    const both = await fingerprint(loader);
    const odd = await loader.executor.rows(
      `MATCH (n) WHERE n.id IS NULL RETURN labels(n) AS labels, properties(n) AS props LIMIT 5
       UNION ALL
       MATCH (n) WITH n.id AS id, collect(labels(n)) AS labels WHERE size(labels) > 1 RETURN labels, {id: id} AS props LIMIT 5`,
    );
    expect(odd).toEqual([]);
    // Every node id once: as many distinct ids as nodes.
    expect(both.distinct).toEqual({ dn: both.ids!.n });
    for (const [label, count] of Object.entries(single.counts.nodes)) {
      expect(both.counts.nodes[label]).toBeGreaterThanOrEqual(count);
    }
    expect(both.counts.nodes.Message).toBe(single.counts.nodes.Message! + 13);
    expect(both.counts.relationships.SENT).toBe(single.counts.relationships.SENT! + 12);
  });
});

describe('requests the server refuses or cancels', () => {
  it('stops a memory-hungry query with a clear error, and cancels a query whose client went away', async () => {
    const connection = openConnection(await neo4jServer.start(), 'faults console', INTERACTIVE);
    const api = await startApi(connection, { limits: { queryTimeoutMs: 60_000 } });
    try {
      const hungry = await api.post('/api/cypher', {
        query: 'UNWIND range(1, 200000000) AS x RETURN collect(toString(x)) AS all',
      });
      expect(hungry.status).toBe(422);
      expect(hungry.body.error.code).toBe('query_memory');

      const wrongType = await fetch(`${api.base}/api/cypher`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'RETURN 1',
      });
      expect(wrongType.status).toBe(415);

      const controller = new AbortController();
      const slow = fetch(`${api.base}/api/cypher`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN x' }),
        signal: controller.signal,
      }).catch(() => 'aborted');
      const running = async () =>
        (
          await loader.executor.rows<{ n: number }>(
            "SHOW TRANSACTIONS YIELD metaData WHERE metaData.console = 'true' RETURN count(*) AS n",
          )
        )[0]!.n;
      await until('the console query to run', async () => (await running()) > 0, 60_000);
      expect(await running()).toBe(1);
      controller.abort();
      expect(await slow).toBe('aborted');
      await until('the cancelled query to stop running', async () => (await running()) === 0, 60_000);
    } finally {
      await api.close();
      await connection.close();
    }
  });
});
