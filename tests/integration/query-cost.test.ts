/**
 * An answer's cost follows its page, not the hub's degree: the database hits Neo4j's PROFILE reports
 * for a hub of 100 relationships and one of 100,000 stay within 2× of each other. Counted in hits,
 * not milliseconds, so the test holds on a busy machine.
 */
import type { QueryResult, RecordShape } from 'neo4j-driver';
import type { ProfiledPlan } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor } from '../../server/db/executor.js';
import type { RunOptions } from '../../server/db/executor.js';
import { nodeId } from '../../server/model/keys.js';
import { entity } from '../../server/queries/entity.js';
import { expand } from '../../server/queries/expand.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const SMALL = 100;
const LARGE = 100_000;
const hubOf = (n: number) => nodeId('Account', { platform: 'twitter', handle: `cost-hub-${n}` });
const RECIPIENT = nodeId('Account', { platform: 'twitter', handle: 'cost-recipient' });

function hits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((sum, child) => sum + hits(child), 0);
}

/** The project's executor, each read run under PROFILE, adding up the database hits. */
class ProfilingExecutor extends Executor {
  dbHits = 0;

  override async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    options: RunOptions = {},
  ): Promise<QueryResult<T>> {
    const result = await super.read<T>(`PROFILE ${cypher}`, params, options);
    if (!result.summary.profile) throw new Error('Neo4j returned no profile');
    this.dbHits += hits(result.summary.profile);
    return result;
  }
}

async function costOf(work: (executor: Executor) => Promise<unknown>): Promise<number> {
  const executor = new ProfilingExecutor(connection.driver, connection.target.database);
  await work(executor);
  return executor.dbHits;
}

/** A hub account that sent `n` tweets, each to one recipient: written with UNWIND, in batches. */
async function createHub(n: number): Promise<void> {
  const session = connection.driver.session({ database: connection.target.database });
  try {
    const params = { hub: hubOf(n), handle: `cost-hub-${n}`, recipient: RECIPIENT, n };
    await session.run(
      `MERGE (hub:Account {id: $hub}) SET hub.platform = 'twitter', hub.handle = $handle
       MERGE (to:Account {id: $recipient}) SET to.platform = 'twitter', to.handle = 'cost-recipient'`,
      params,
    );
    await session.run(
      `MATCH (hub:Account {id: $hub}), (to:Account {id: $recipient})
       UNWIND range(1, $n) AS i
       CALL (hub, to, i) {
         CREATE (hub)-[:SENT]->(m:Message {id: $hub + ':' + i, kind: 'tweet', text: 'tweet ' + i,
                 sentFrom: datetime('2016-01-01T00:00:00Z') + duration({minutes: i})})
         SET m.sentTo = m.sentFrom
         CREATE (m)-[:TO]->(to)
       } IN TRANSACTIONS OF 20000 ROWS`,
      params,
    );
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  await emptyDatabase(connection);
  await createHub(SMALL);
  await createHub(LARGE);
}, 600_000);
afterAll(async () => {
  await connection.close();
});

describe('the cost of an answer does not grow with the degree of the node', () => {
  it('pages a hub of 100,000 correctly: totals per group, disjoint pages, how many more', async () => {
    const first = await expand(connection.executor, { ids: [hubOf(LARGE)], direction: 'both', offset: 0, limit: 50 });
    expect(first.total).toBe(LARGE);
    expect(first.groups).toEqual([{ type: 'SENT', direction: 'out', total: LARGE }]);
    expect(first.edges).toHaveLength(50);
    expect(first.more).toBe(LARGE - 50);
    const second = await expand(connection.executor, {
      ids: [hubOf(LARGE)],
      direction: 'both',
      offset: 50,
      limit: 50,
    });
    const seen = new Set(first.edges.map((e) => e.id));
    expect(second.edges).toHaveLength(50);
    expect(second.edges.filter((e) => seen.has(e.id))).toEqual([]);
    const last = await expand(connection.executor, {
      ids: [hubOf(LARGE)],
      direction: 'both',
      offset: LARGE - 10,
      limit: 50,
    });
    expect([last.edges.length, last.more]).toEqual([10, 0]);
  });

  it.each([
    ['the default first page of expand', { types: undefined, direction: 'both' as const }],
    ['the first page of one type and direction', { types: ['SENT' as const], direction: 'out' as const }],
  ])('%s: database hits within 2x for 100 and 100,000 relationships', async (_name, request) => {
    const [small = 0, large = Infinity] = await Promise.all(
      [SMALL, LARGE].map((n) => costOf((e) => expand(e, { ids: [hubOf(n)], ...request, offset: 0, limit: 50 }))),
    );
    expect(large).toBeLessThanOrEqual(2 * small);
  });

  it("a node's details (degrees per type and direction): database hits within 2x", async () => {
    const [small = 0, large = Infinity] = await Promise.all(
      [SMALL, LARGE].map((n) => costOf((e) => entity(e, hubOf(n)))),
    );
    expect(large).toBeLessThanOrEqual(2 * small);
    expect((await entity(connection.executor, hubOf(LARGE))).degrees).toEqual([
      { type: 'SENT', direction: 'out', count: LARGE },
    ]);
  });
});
