/**
 * Faults, against a Neo4j of this file's own (an embedded server it can stop and start): the
 * database going away under API traffic and under a load, concurrent loaders, and requests the
 * server must refuse or cancel.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataset } from '../../bench/generate/write.js';
import { FOUNDING_CASE } from '../../server/cli.js';
import { loadConfig, PROJECT_ROOT } from '../../server/db/config.js';
import { INTERACTIVE, openConnection } from '../../server/db/connect.js';
import type { Connection } from '../../server/db/connect.js';
import { EmbeddedNeo4j } from '../../server/db/embedded/neo4j.js';
import { runLoad } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { startApi } from '../support/api.js';
import { emptyDatabase } from '../support/neo4j.js';

const settings = {
  ...loadConfig({}).embedded,
  home: path.join(PROJECT_ROOT, '.neo4j', 'test-faults'),
  boltPort: 7692,
  httpPort: 7493,
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

describe('when Neo4j goes away', () => {
  it('API requests answer 503 with Retry-After quickly, readiness reports it, and all recovers without a restart', async () => {
    await runLoad({ files: [FOUNDING_CASE], executor: loader.executor, reportDir: dir });
    const interactive = openConnection(await neo4jServer.start(), 'faults api', INTERACTIVE);
    const api = await startApi(interactive);
    const seen: { phase: string; endedIn: string; status: number; retryAfter: string | null; ms: number }[] = [];
    let phase = 'before';
    let running = true;
    const traffic = (async () => {
      // Bounded: at most 400 requests, stops when the test says so.
      for (let i = 0; i < 400 && running; i++) {
        const started = Date.now();
        const sentIn = phase;
        const r = await api.get(i % 2 ? '/api/search?q=wikileaks' : '/api/ready');
        seen.push({
          phase: sentIn,
          // A request sent just before the stop may end after it.
          endedIn: phase,
          status: r.status,
          retryAfter: r.headers.get('retry-after'),
          ms: Date.now() - started,
        });
        await sleep(100);
      }
    })();
    try {
      await sleep(1_000);
      phase = 'down';
      await neo4jServer.stop();
      await sleep(4_000);
      phase = 'restarting';
      await neo4jServer.start();
      phase = 'after';
      // A request sent while it restarted may still be finishing: wait for a few sent after.
      for (let waited = 0; waited < 40_000 && seen.filter((x) => x.phase === 'after').length < 5; waited += 500) {
        await sleep(500);
      }
    } finally {
      running = false;
      await traffic;
      await api.close();
      await interactive.close();
    }
    expect(seen.filter((s) => s.endedIn === 'before' && s.status !== 200)).toEqual([]);
    const down = seen.filter((s) => s.phase === 'down');
    expect(down.length).toBeGreaterThan(1);
    expect(down.some((s) => s.status === 503)).toBe(true);
    expect(seen.filter((s) => s.status !== 200 && s.status !== 503)).toEqual([]);
    expect(seen.filter((s) => s.status === 503).every((s) => s.retryAfter === '5')).toBe(true);
    // No request hangs in the driver's retry loop past its own deadline.
    expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(10_000);
    const after = seen.filter((s) => s.phase === 'after');
    expect(after.length).toBeGreaterThan(3);
    expect(after.slice(-3).every((s) => s.status === 200)).toBe(true);
  });

  it(
    'a load interrupted by a restart retries its way through, and the graph equals a clean load',
    { timeout: 300_000 },
    async () => {
      await emptyDatabase(loader);
      await runLoad({ files: [generatedFile], executor: loader.executor, reportDir: path.join(dir, 'clean') });
      const clean = await fingerprint(loader);

      await emptyDatabase(loader);
      let restarted: Promise<unknown> | undefined;
      const t0 = Date.now();
      const log = (m: string) => process.stderr.write(`[faults] ${((Date.now() - t0) / 1000).toFixed(1)}s ${m}\n`);
      const summary = await runLoad({
        files: [generatedFile],
        executor: loader.executor,
        reportDir: path.join(dir, 'interrupted'),
        batchSize: 500,
        progress: {
          update: (c) => {
            if (!restarted && c.written > 2_000) {
              log(`stopping Neo4j after ${c.written} records written`);
              restarted = neo4jServer
                .stop()
                .then(() => log('stopped; starting'))
                .then(() => neo4jServer.start())
                .then(() => log('started'));
            }
          },
          stop: () => {},
        },
      });
      log('load finished');
      await restarted;
      expect(restarted).toBeDefined();
      expect(summary.rejected).toBe(0);
      expect(await fingerprint(loader)).toEqual(clean);

      // And running the same load again changes nothing.
      await runLoad({ files: [generatedFile], executor: loader.executor, reportDir: path.join(dir, 'again') });
      expect(await fingerprint(loader)).toEqual(clean);
    },
  );

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
      let seenRunning = 0;
      for (let i = 0; i < 50 && seenRunning === 0; i++) {
        await sleep(100);
        seenRunning = await running();
      }
      expect(seenRunning).toBe(1);
      controller.abort();
      expect(await slow).toBe('aborted');
      let left = 1;
      for (let i = 0; i < 50 && left > 0; i++) {
        await sleep(100);
        left = await running();
      }
      expect(left).toBe(0);
    } finally {
      await api.close();
      await connection.close();
    }
  });
});
