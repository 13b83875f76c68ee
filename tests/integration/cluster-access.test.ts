/**
 * Pointing Backchannel at a cluster or Aura (README, "A Neo4j cluster or Aura"): routing URIs are
 * accepted and work, every answer of the API runs in a READ transaction (which a cluster serves from
 * a secondary), and loads write in WRITE transactions (the leader). A READ transaction cannot write.
 */
import os from 'node:os';
import path from 'node:path';
import type { ManagedTransaction } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from '../../server/config.js';
import { openConnection } from '../../server/db/connect.js';
import { Executor } from '../../server/db/executor.js';
import type { RunOptions } from '../../server/db/executor.js';
import { runLoad } from '../../server/load/run.js';
import { nodeId } from '../../server/model/keys.js';
import { startApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const IRA = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'twitter', 'ira-tweets.csv');
const JANE = nodeId('Account', { platform: 'twitter', handle: 'JaneDoe_Test' });

/** The project's executor, noting the access mode of every transaction it opens. */
class RecordingExecutor extends Executor {
  readonly modes: ('READ' | 'WRITE')[] = [];

  override async transaction<R>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<R>,
    options: RunOptions = {},
  ): Promise<R> {
    this.modes.push(mode);
    return super.transaction(mode, work, options);
  }
}

/** The run's Neo4j under a routing URI: neo4j:// asks the server for its routing table first. */
const routed = openConnection(
  { ...connection.target, uri: connection.target.uri.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:') },
  'routing',
);

beforeAll(async () => {
  await emptyDatabase(connection);
});
afterAll(async () => {
  await routed.close();
  await connection.close();
});

describe('a Neo4j cluster or Aura', () => {
  it.each(['neo4j://cluster.example.org:7687', 'neo4j+s://abc123.databases.neo4j.io', 'neo4j+ssc://10.0.0.5'])(
    'accepts the routing URI %s',
    (uri) => {
      expect(loadConfig({ NEO4J_URI: uri, NEO4J_PASSWORD: 'p' }).neo4j).toMatchObject({ kind: 'external', uri });
    },
  );

  it('loads in WRITE transactions and serves the API in READ transactions, through a routing URI', async () => {
    expect(routed.target.uri).toMatch(/^neo4j/);
    const writer = new RecordingExecutor(routed.driver, routed.target.database);
    const summary = await runLoad({
      files: [IRA],
      format: 'ira-tweets-csv',
      executor: writer,
      reportDir: path.join(os.tmpdir(), `backchannel-cluster-access-${process.pid}`),
    });
    expect(summary.loaded).toBeGreaterThan(0);
    expect(writer.modes).toContain('WRITE');

    const reader = new RecordingExecutor(routed.driver, routed.target.database);
    const api = await startApi(routed, { executor: reader });
    try {
      const answers = await Promise.all([
        api.get('/api/search?q=jane'),
        api.get(`/api/node?id=${encodeURIComponent(JANE)}`),
        api.post('/api/expand', { ids: [JANE] }),
        api.post('/api/bundles', { ids: [JANE] }),
        api.get('/api/timeline?from=2016-01-01T00:00:00Z&to=2017-12-31T23:59:59Z'),
        api.get('/api/stats'),
        api.post('/api/cypher', { query: 'MATCH (a:Account) RETURN count(a) AS n' }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
      expect(answers[1]!.body.node.id).toBe(JANE);
    } finally {
      await api.close();
    }
    expect(reader.modes.length).toBeGreaterThan(6);
    expect(new Set(reader.modes)).toEqual(new Set(['READ']));
  });

  it('refuses a write sent in a READ transaction: Neo4j enforces the access mode', async () => {
    // Neo4j's own refusal (Neo.ClientError.Statement.AccessMode), as the executor reports it.
    await expect(routed.executor.read("CREATE (:Account {id: 'account:twitter:intruder'})")).rejects.toMatchObject({
      code: 'read_only',
      details: { code: 'Neo.ClientError.Statement.AccessMode' },
    });
    const [row] = await routed.executor.rows<{ n: number }>(
      "MATCH (a:Account {id: 'account:twitter:intruder'}) RETURN count(a) AS n",
    );
    expect(row!.n).toBe(0);
  });
});
