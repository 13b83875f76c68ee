/**
 * The saved-query library (cypher/library) on the founding case and on a generated graph, each query
 * run the way the API and the runner run it: parameters validated by the declaration, read-only.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAccount } from '../../bench/generate/dataset.js';
import { loadGeneratedDataset } from '../../bench/generate/write.js';
import { PROJECT_ROOT, FOUNDING_CASE } from '../../server/config.js';
import { nodeId } from '../../server/model/keys.js';
import { loadLibrary, paramsSchema, toCypherParams } from '../../server/queries/library.js';
import { runReadOnly } from '../../server/queries/readonly.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
const library = loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library'));
const generated = { messages: 2_000, seed: 3 };
const hub = nodeId('Account', { ...hubAccount(generated) });
const DM = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';

async function saved(name: string, params: Record<string, unknown> = {}) {
  const query = library.get(name);
  if (!query) throw new Error(`no saved query ${name}`);
  const values = paramsSchema(query).parse(params);
  const answer = await runReadOnly(connection.executor, query.cypher, toCypherParams(query, values), {
    rowCap: 10_000,
    timeoutMs: 60_000,
  });
  return answer.rows;
}

beforeAll(async () => {
  await emptyDatabase(connection);
  await loadGeneratedDataset(connection.executor, generated, [FOUNDING_CASE]);
}, 300_000);
afterAll(() => connection.close());

describe('the library on the founding case', () => {
  it('correspondents: Trump Jr. through his account heard from WikiLeaks three times and wrote back twice', async () => {
    const rows = await saved('correspondents', { id: 'person:donald-trump-jr' });
    expect(rows).toContainEqual(
      expect.objectContaining({ correspondent: 'account:twitter:wikileaks', direction: 'heard from', messages: 3 }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ correspondent: 'account:twitter:wikileaks', direction: 'wrote to', messages: 2 }),
    );
  });

  it('conversation: the exchange in order, the undated reply last', async () => {
    const rows = await saved('conversation', { a: 'organization:wikileaks', b: 'person:donald-trump-jr' });
    expect(rows.map((r) => r.message)).toEqual([
      'message:twitter:wikileaks-trumpjr-dm-2016-09-20',
      'message:twitter:trumpjr-wikileaks-dm-2016-09-21',
      'message:twitter:wikileaks-trumpjr-dm-2016-10-03',
      DM,
      'message:twitter:trumpjr-wikileaks-dm-reply-to-2016-10-03',
    ]);
    expect(rows[0]).toMatchObject({ from: 'organization:wikileaks', to: 'person:donald-trump-jr', precision: 'day' });
  });

  it("temporal correlation: Donald Trump's tweet 15 minutes after the wlsearch.tk message", async () => {
    const rows = await saved('temporal-correlation', { minutes: 15 });
    const founding = rows.filter((r) => r.earlierMessage === DM);
    expect(founding).toEqual([
      expect.objectContaining({
        laterMessage: 'message:twitter:donaldtrump-tweet-very-little-pick-up',
        laterBy: ['Donald Trump'],
        delay: 'PT15M',
        basis: 'stated: just 15 minutes after it was sent',
      }),
    ]);
    expect((await saved('temporal-correlation', { minutes: 14 })).filter((r) => r.earlierMessage === DM)).toEqual([]);
  });

  it('URL propagation: offered privately on 12 October, posted publicly two days later', async () => {
    const rows = await saved('url-propagation', { url: 'wlsearch.tk' });
    expect(rows.map((r) => [r.message, r.at])).toEqual([
      [DM, '2016-10-12T00:00:00Z'],
      ['message:twitter:trumpjr-tweet-wlsearch-link', '2016-10-14T00:00:00Z'],
    ]);
    expect(rows[1]!.timeBasis).toBe(`two days later ${DM}`);
    expect(await saved('url-propagation', { url: 'http://wlsearch.tk/' })).toHaveLength(2);
  });

  it('brokers: who sits between WikiLeaks and Donald Trump and Mike Pence', async () => {
    const rows = await saved('brokers', {
      groupA: ['organization:wikileaks'],
      groupB: ['person:donald-trump', 'person:mike-pence'],
    });
    expect(rows.length).toBeGreaterThan(0);
    const scores = rows.map((r) => r.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(rows.every((r) => r.broker !== 'organization:wikileaks' && r.broker !== 'person:donald-trump')).toBe(true);
  });

  it('source support: everything the Mueller report backs, and facts with a single source', async () => {
    const mueller = await saved('source-support', { source: 'mueller-report-vol1' });
    expect(mueller).toContainEqual(expect.objectContaining({ fact: 'node', id: DM }));
    expect(mueller).toContainEqual(
      expect.objectContaining({
        fact: 'relationship',
        kind: 'AFTER',
        quote: expect.stringContaining('Two days later'),
      }),
    );
    const single = await saved('single-source-facts');
    expect(single.length).toBeGreaterThan(0);
    const [check] = (
      await connection.executor.rows<{ n: number }>(
        'MATCH (n:Account {id: $id})-[:SUPPORTED_BY]->(s:Source) RETURN count(DISTINCT s) AS n',
        { id: single.find((r) => r.kind === 'Account')!.id },
      )
    ).map((r) => r.n);
    expect(check).toBe(1);
  });
});

describe('the library on a generated graph', () => {
  it('correspondents of the hub agree with a direct count of its messages', async () => {
    const rows = await saved('correspondents', { id: hub, limit: 10_000 });
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (h:Account {id: $hub})-[:SENT]->(m:Message)-[:TO|CC|BCC]->(o) RETURN count(DISTINCT [o, m]) AS n`,
      { hub },
    );
    const wrote = rows.filter((r) => r.direction === 'wrote to').reduce((n, r) => n + (r.messages as number), 0);
    expect(wrote).toBe(direct!.n);
    expect(rows.length).toBeGreaterThan(50);
  });

  it('shared URLs: pairs of senders ranked by what they shared, counts checked directly', async () => {
    const [top] = await saved('shared-urls', { limit: 1 });
    expect(top!.shared).toBeGreaterThan(1);
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (a {id: $a})-[:SENT]->(:Message)-[:LINKS_TO]->(u:Url)<-[:LINKS_TO]-(:Message)<-[:SENT]-(b {id: $b})
       RETURN count(DISTINCT u) AS n`,
      { a: top!.first, b: top!.second },
    );
    expect(direct!.n).toBe(top!.shared);
  });

  it('linked people: every pair shares the organization it names', async () => {
    const rows = await saved('linked-people', { limit: 50 });
    expect(rows.length).toBe(50);
    for (const row of rows.slice(0, 5)) {
      const [n] = await connection.executor.rows<{ n: number }>(
        `MATCH (:Person {name: $a})-[:AFFILIATED_WITH]->(o {id: $via})<-[:AFFILIATED_WITH]-(:Person {name: $b}) RETURN count(*) AS n`,
        { a: row.person, b: row.other, via: row.via },
      );
      expect(n!.n).toBeGreaterThan(0);
    }
  });

  it('temporal correlation by timestamps finds pairs within the window only', async () => {
    const rows = await saved('temporal-correlation', { kind: 'email', minutes: 30, related: false, limit: 50 });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.basis).toBe('timestamps');
      const minutes = /PT(?:(\d+)H)?(?:(\d+)M)?/.exec(String(row.delay))!;
      expect(Number(minutes[1] ?? 0) * 60 + Number(minutes[2] ?? 0)).toBeLessThanOrEqual(30);
    }
  });
});
