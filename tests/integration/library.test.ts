/**
 * The saved-query library (cypher/library) on the founding case and on a generated graph, each query
 * run the way the API and the runner run it: parameters validated by the declaration, read-only.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubAccount } from '../../bench/generate/dataset.js';
import { loadGeneratedDataset } from '../../bench/generate/write.js';
import { PROJECT_ROOT, FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { nodeId } from '../../server/model/keys.js';
import { loadLibrary, paramsSchema, toCypherParams } from '../../server/queries/library.js';
import { runReadOnly } from '../../server/queries/readonly.js';
import { emptyDatabase, testConnection, testEnv } from '../support/neo4j.js';

const connection = testConnection();
const library = loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library'));
const generated = { messages: 2_000, seed: 3 };
const hub = nodeId('Account', { ...hubAccount(generated) });
const DM = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';

async function answer(name: string, params: Record<string, unknown> = {}) {
  const query = library.get(name);
  if (!query) throw new Error(`no saved query ${name}`);
  const values = paramsSchema(query).parse(params);
  return runReadOnly(connection.executor, query.cypher, toCypherParams(query, values), {
    rowCap: 10_000,
    timeoutMs: 60_000,
  });
}

async function saved(name: string, params: Record<string, unknown> = {}) {
  return (await answer(name, params)).rows;
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
    // URLs of more than maxSenders (100) senders tell nothing and are left out of the count too.
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (a {id: $a})-[:SENT]->(:Message)-[:LINKS_TO]->(u:Url)<-[:LINKS_TO]-(:Message)<-[:SENT]-(b {id: $b})
       WITH DISTINCT u WHERE COUNT { MATCH (s)-[:SENT]->(:Message)-[:LINKS_TO]->(u) RETURN DISTINCT s } <= 100
       RETURN count(u) AS n`,
      { a: top!.first, b: top!.second },
    );
    expect(direct!.n).toBe(top!.shared);
  });

  it('shared URLs: rarer items weigh more, and stop-listed domains and spacer images are left out', async () => {
    const rows = await saved('shared-urls', { limit: 50 });
    const weights = rows.map((r) => r.weight as number);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    // The generated sites are all *.example: stop-listing that leaves only the founding case's links.
    const stopped = await saved('shared-urls', { excludeDomains: ['example'], limit: 10_000 });
    expect(stopped.flatMap((r) => r.examples as string[])).toEqual(['http://wlsearch.tk/']);
    const examples = rows.flatMap((r) => r.examples as string[]);
    const one = examples[0]!;
    const without = await saved('shared-urls', { excludeUrls: [one.toUpperCase()], limit: 10_000 });
    expect(without.flatMap((r) => r.examples as string[])).not.toContain(one);
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

describe('the fixed library queries', () => {
  it('URL propagation by domain takes in www. and other subdomains, and a spelling finds its URL', async () => {
    const file = await writeFixture('subdomains.ndjson', [
      account('twitter', 'subdomain_poster'),
      ...post(
        'sub-1',
        'subdomain_poster',
        '2019-03-01T10:00:00Z',
        'One https://www.wlsearch.tk/a',
        'https://www.wlsearch.tk/a',
      ),
      ...post(
        'sub-2',
        'subdomain_poster',
        '2019-03-02T10:00:00Z',
        'Two http://files.wlsearch.tk/b',
        'http://files.wlsearch.tk/b',
      ),
      ...post(
        'sub-3',
        'subdomain_poster',
        '2019-03-03T10:00:00Z',
        'Not it https://notwlsearch.tk/',
        'https://notwlsearch.tk/',
      ),
    ]);
    await runLoad({ files: [file], executor: connection.executor, reportDir: path.dirname(file) });
    const rows = await saved('url-propagation', { url: 'wlsearch.tk' });
    expect(rows.map((r) => r.message)).toEqual([
      DM,
      'message:twitter:trumpjr-tweet-wlsearch-link',
      'message:twitter:sub-1',
      'message:twitter:sub-2',
    ]);
    expect((await saved('url-propagation', { url: 'WWW.WLSEARCH.TK/a' })).map((r) => r.message)).toEqual([
      'message:twitter:sub-1',
    ]);
    expect((await saved('url-propagation', { url: 'files.wlsearch.tk/b' })).map((r) => r.message)).toEqual([
      'message:twitter:sub-2',
    ]);
    expect((await saved('url-propagation', { url: 'https://www.wlsearch.tk/a' })).map((r) => r.message)).toEqual([
      'message:twitter:sub-1',
    ]);
  });

  it('temporal correlation sorts delays as durations: PT9M before PT12M before P1D', async () => {
    const file = await writeFixture('delays.ndjson', [
      account('twitter', 'delay_a'),
      account('twitter', 'delay_b'),
      ...post('delay-0', 'delay_a', '2019-05-01T10:00:00Z', 'The first', undefined, 'public_statement'),
      ...post('delay-12', 'delay_b', '2019-05-01T10:12:00Z', 'Twelve minutes later'),
      ...post('delay-9', 'delay_b', '2019-05-01T10:09:00Z', 'Nine minutes later'),
      ...post('delay-day', 'delay_b', '2019-05-02T10:00:00Z', 'A day later'),
    ]);
    await runLoad({ files: [file], executor: connection.executor, reportDir: path.dirname(file) });
    const rows = await saved('temporal-correlation', { kind: 'public_statement', minutes: 1440, related: false });
    const mine = rows.filter((r) => r.earlierMessage === 'message:twitter:delay-0');
    expect(mine.map((r) => r.delay)).toEqual(['PT9M', 'PT12M', 'P1D']);
  });

  it('brokers are people, accounts and organizations, never messages', async () => {
    const rows = await saved('brokers', {
      groupA: ['organization:wikileaks', 'account:twitter:wikileaks'],
      groupB: ['person:donald-trump', 'person:mike-pence', 'person:donald-trump-jr'],
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => ['Person', 'Account', 'Organization'].includes(r.label as string))).toBe(true);
  });

  it('single-source facts list facts with no source after those with one, and each is what it says', async () => {
    const rows = await saved('single-source-facts', { limit: 5_000 });
    const firstUnsourced = rows.findIndex((r) => r.sources === 0);
    expect(firstUnsourced).toBeGreaterThan(0);
    expect(rows.slice(firstUnsourced).every((r) => r.sources === 0)).toBe(true);
    for (const row of [rows[0]!, rows[firstUnsourced]!]) expect(await sourcesOf(row)).toBe(row.sources);
    const onlyOne = await saved('single-source-facts', { withoutSource: false, limit: 5_000 });
    expect(onlyOne.length).toBe(firstUnsourced);
  });

  it('source support finds the relationships that cite a source through the index', async () => {
    const rows = await saved('source-support', { source: 'source:the-week-trump-jr-wikileaks' });
    const rels = rows.filter((r) => r.fact === 'relationship');
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH ()-[r]->() WHERE 'source:the-week-trump-jr-wikileaks' IN r.sourceIds RETURN count(r) AS n`,
    );
    expect(rels.length).toBe(direct!.n);
    expect(rels.length).toBeGreaterThan(0);
  });
});

describe('the added library queries on the founding case', () => {
  it('amplification network: Donald Trump mentions WikiLeaks; Trump Jr. forwards its direct message', async () => {
    const rows = await saved('amplification-network', { limit: 1_000 });
    expect(rows).toContainEqual(
      expect.objectContaining({ to: 'organization:wikileaks', how: 'mentions', messages: expect.any(Number) }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        from: 'person:donald-trump-jr',
        to: 'account:twitter:wikileaks',
        how: 'quotes or forwards',
      }),
    );
    const window = await saved('amplification-network', { from: '2016-10-12T00:00:00Z', to: '2016-10-13T00:00:00Z' });
    const founding = window.filter((r) => !String(r.from).includes('_') && !/\d/.test(String(r.from)));
    expect(founding.map((r) => [r.from, r.to, r.how]).sort()).toEqual([
      ['account:twitter:wikileaks', 'person:donald-trump', 'mentions'],
      ['account:twitter:wikileaks', 'person:john-podesta', 'mentions'],
      ['person:mike-pence', 'organization:wikileaks', 'mentions'],
    ]);
  });

  it('thread: the direct messages of the chain, the first one at depth 0', async () => {
    const rows = await saved('thread', { message: 'message:twitter:trumpjr-wikileaks-dm-2016-09-21' });
    const ids = rows.map((r) => r.message);
    expect(ids).toEqual(
      expect.arrayContaining([
        'message:twitter:wikileaks-trumpjr-dm-2016-09-20',
        'message:twitter:trumpjr-wikileaks-dm-2016-09-21',
        DM,
        'message:twitter:trumpjr-wikileaks-dm-reply-to-2016-10-03',
      ]),
    );
    expect(rows.find((r) => r.message === 'message:twitter:wikileaks-trumpjr-dm-2016-09-20')!.depth).toBe(0);
    expect(rows.find((r) => r.message === 'message:twitter:trumpjr-wikileaks-dm-2016-09-21')!.depth).toBe(1);
  });

  it('first contact: WikiLeaks wrote first on 20 September, Trump Jr. answered a day later', async () => {
    const rows = await saved('first-contact', { a: 'person:donald-trump-jr', b: 'organization:wikileaks' });
    expect(rows.map((r) => [r.step, r.from, r.message, r.after])).toEqual([
      ['first contact', 'organization:wikileaks', 'message:twitter:wikileaks-trumpjr-dm-2016-09-20', null],
      ['first answer', 'person:donald-trump-jr', 'message:twitter:trumpjr-wikileaks-dm-2016-09-21', 'P1D'],
    ]);
  });

  it('actor paths: Trump Jr. reaches WikiLeaks in one step of correspondence, through their accounts', async () => {
    const [first] = await saved('actor-paths', { a: 'person:donald-trump-jr', b: 'organization:wikileaks' });
    expect(first).toMatchObject({
      steps: 1,
      ids: ['account:twitter:donaldjtrumpjr', 'account:twitter:wikileaks'],
    });
  });

  it('activity: Trump Jr. month by month, first and last seen', async () => {
    const rows = await saved('activity', { id: 'person:donald-trump-jr', by: 'month' });
    expect(rows.map((r) => r.period)).toEqual(['2016-09-01', '2016-10-01']);
    expect(rows[0]).toMatchObject({ firstSeen: expect.stringMatching(/^2016-09-20/) });
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (:Person {id: 'person:donald-trump-jr'})-[:CONTROLS*0..1]->(a)
       CALL (a) { MATCH (a)-[:SENT]->(m:Message) RETURN m UNION MATCH (m:Message)-[:TO|CC|BCC]->(a) RETURN m }
       WITH DISTINCT m WHERE m.sentFrom IS NOT NULL RETURN count(m) AS n`,
    );
    expect(rows.reduce((n, r) => n + (r.total as number), 0)).toBe(direct!.n);
  });
});

describe('the added library queries on a generated graph', () => {
  it('activity of the hub: per week totals agree with a direct count; a burst stands out', async () => {
    const rows = await saved('activity', { id: hub, by: 'week', silenceDays: 1 });
    const [direct] = await connection.executor.rows<{ sent: number }>(
      `MATCH (:Account {id: $hub})-[:SENT]->(m:Message) RETURN count(m) AS sent`,
      { hub },
    );
    expect(rows.reduce((n, r) => n + (r.sent as number), 0)).toBe(direct!.sent);
    expect(rows.map((r) => r.period)).toEqual([...rows.map((r) => r.period as string)].sort());
    expect(rows.some((r) => r.burst === true)).toBe(true);
    expect(rows.some((r) => (r.silenceDaysBefore as number) >= 1)).toBe(true);
  });

  it('co-recipients of the hub: counts agree with a direct count', async () => {
    const [top] = await saved('co-recipients', { id: hub, limit: 1 });
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (:Account {id: $hub})<-[:TO|CC|BCC]-(m:Message)-[:TO|CC|BCC]->(:Account {id: $other}) RETURN count(DISTINCT m) AS n`,
      { hub, other: top!.coRecipient },
    );
    expect(top!.together).toBe(direct!.n);
  });

  it('organization matrix: mail between two organizations’ domains, counted directly', async () => {
    const [top] = await saved('organization-matrix', { limit: 1 });
    expect(top!.fromDomain).not.toBe(top!.toDomain);
    const [direct] = await connection.executor.rows<{ n: number }>(
      `MATCH (s:Account {platform: 'email'})-[:SENT]->(m:Message)-[:TO|CC|BCC]->(r:Account {platform: 'email'})
       WHERE s.handle ENDS WITH '@' + $from AND r.handle ENDS WITH '@' + $to RETURN count(DISTINCT m) AS n`,
      { from: top!.fromDomain, to: top!.toDomain },
    );
    expect(top!.messages).toBe(direct!.n);
    expect((top!.fromOrganizations as string[]).length).toBeGreaterThan(0);
  });

  it('thread of a generated reply: its parent is in it, one level up', async () => {
    const [reply] = await connection.executor.rows<{ id: string; parent: string }>(
      `MATCH (m:Message)-[:REPLIES_TO]->(p:Message) RETURN m.id AS id, p.id AS parent ORDER BY m.id LIMIT 1`,
    );
    const rows = await saved('thread', { message: reply!.id });
    const depth = (id: string) => rows.find((r) => r.message === id)!.depth as number;
    expect(depth(reply!.id)).toBe(depth(reply!.parent) + 1);
  });

  it('unsourced facts cite nothing; a kind narrows them', async () => {
    const rows = await saved('unsourced-facts', { limit: 200 });
    expect(rows).toHaveLength(200);
    for (const row of rows.slice(0, 20)) expect(await sourcesOf(row)).toBe(0);
    const sent = await saved('unsourced-facts', { kind: 'SENT', limit: 20 });
    expect(sent.every((r) => r.kind === 'SENT' && r.fact === 'relationship')).toBe(true);
    const people = await saved('unsourced-facts', { kind: 'Person', limit: 20 });
    expect(people.every((r) => r.kind === 'Person' && typeof r.loadedFrom === 'string')).toBe(true);
  });
});

describe('coordinated posting and load runs on a fixture with known answers', () => {
  beforeAll(async () => {
    const url = 'https://coord.example/page';
    const file = await writeFixture('coordinated.ndjson', [
      ...['coord_a', 'coord_b', 'coord_c', 'coord_d'].map((h) => account('twitter', h)),
      ...post(
        'coord-1',
        'coord_a',
        '2021-06-01T12:00:00Z',
        'Vote early,   vote OFTEN my friends @someone https://t.co/x',
        url,
      ),
      ...post('coord-2', 'coord_b', '2021-06-01T12:03:00Z', 'vote early, vote often my friends', url),
      ...post('coord-3', 'coord_c', '2021-06-01T12:07:00Z', 'RT @coord_a Vote early, vote often\nmy friends', url),
      // The same words, an hour and a half later: outside any ten-minute window with the others.
      ...post('coord-4', 'coord_d', '2021-06-01T13:30:00Z', 'Vote early, vote often my friends', url),
    ]);
    await runLoad({ files: [file], executor: connection.executor, reportDir: path.dirname(file) });
  }, 60_000);

  it('finds the three accounts that posted the same text and URL within ten minutes, not the fourth', async () => {
    const rows = await saved('coordinated-posting', { from: '2021-01-01T00:00:00Z', to: '2022-01-01T00:00:00Z' });
    expect(rows.map((r) => [r.by, r.key, r.accounts, r.posts])).toEqual([
      ['url', 'https://coord.example/page', 3, 3],
      ['text', 'vote early, vote often my friends', 3, 3],
    ]);
    expect([...(rows[1]!.who as string[])].sort()).toEqual([
      'account:twitter:coord_a',
      'account:twitter:coord_b',
      'account:twitter:coord_c',
    ]);
    const wider = await saved('coordinated-posting', {
      from: '2021-01-01T00:00:00Z',
      to: '2022-01-01T00:00:00Z',
      minutes: 120,
    });
    expect(wider.map((r) => r.accounts)).toEqual([4, 4]);
    expect(await saved('coordinated-posting', { from: '2021-01-01T00:00:00Z', minAccounts: 5 })).toEqual([]);
  });

  it('load-run: the latest run added exactly the fixture’s nodes', async () => {
    const rows = await saved('load-run', { limit: 10_000 });
    const nodes = rows.filter((r) => r.added === 'node').map((r) => r.id as string);
    expect(nodes.sort()).toEqual(
      [
        'account:twitter:coord_a',
        'account:twitter:coord_b',
        'account:twitter:coord_c',
        'account:twitter:coord_d',
        'domain:coord.example',
        'message:twitter:coord-1',
        'message:twitter:coord-2',
        'message:twitter:coord-3',
        'message:twitter:coord-4',
        'url:https://coord.example/page',
      ].sort(),
    );
    expect(rows.filter((r) => r.added === 'relationship').length).toBeGreaterThanOrEqual(8);
    const byId = await saved('load-run', { run: rows[0]!.run as string, limit: 10_000 });
    expect(byId).toHaveLength(rows.length);
  });
});

describe('every library query answers a graph beside its table', () => {
  it.each([
    ['correspondents', { id: 'person:donald-trump-jr' }],
    ['conversation', { a: 'organization:wikileaks', b: 'person:donald-trump-jr' }],
    ['temporal-correlation', { minutes: 15 }],
    ['url-propagation', { url: 'wlsearch.tk' }],
    ['brokers', { groupA: ['organization:wikileaks'], groupB: ['person:donald-trump'] }],
    ['source-support', { source: 'mueller-report-vol1' }],
    ['single-source-facts', {}],
    ['shared-urls', {}],
    ['linked-people', {}],
    ['amplification-network', {}],
    ['coordinated-posting', { from: '2021-01-01T00:00:00Z' }],
    ['activity', { id: 'person:donald-trump-jr' }],
    ['thread', { message: DM }],
    ['first-contact', { a: 'person:donald-trump-jr', b: 'organization:wikileaks' }],
    ['co-recipients', { id: hub }],
    ['organization-matrix', {}],
    ['actor-paths', { a: 'person:donald-trump-jr', b: 'organization:wikileaks' }],
    ['unsourced-facts', {}],
    ['load-run', {}],
  ])('%s', async (name, params) => {
    const result = await answer(name, params);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.graph.nodes.length).toBeGreaterThan(0);
  });

  it('covers the whole library', () => {
    expect(library.size).toBe(19);
  });
});

// ---------------------------------------------------------------------------------------------------

async function sourcesOf(row: Record<string, unknown>): Promise<number> {
  const [n] = await connection.executor.rows<{ n: number }>(
    row.fact === 'node'
      ? `MATCH (n {id: $id}) RETURN COUNT { MATCH (n)-[:SUPPORTED_BY]->(s:Source) RETURN DISTINCT s } AS n`
      : `MATCH ()-[r]->() WHERE r.id = $id RETURN COUNT { UNWIND coalesce(r.sourceIds, []) AS s RETURN DISTINCT s } AS n`,
    { id: row.id },
  );
  return n!.n;
}

async function writeFixture(name: string, records: object[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-library-'));
  const file = path.join(dir, name);
  await writeFile(file, records.map((r) => JSON.stringify(r)).join('\n'));
  return file;
}

function account(platform: string, handle: string) {
  return { node: 'Account', properties: { platform, handle } };
}

function post(ref: string, handle: string, at: string, text: string, url?: string, kind = 'tweet') {
  const message = { label: 'Message', key: { platform: 'twitter', ref } };
  return [
    {
      node: 'Message',
      properties: { platform: 'twitter', ref, kind, text, sentPrecision: 'instant', sentFrom: at, sentTo: at },
    },
    { relationship: 'SENT', from: { label: 'Account', key: { platform: 'twitter', handle } }, to: message },
    ...(url
      ? [
          { node: 'Url', properties: { url } },
          {
            relationship: 'LINKS_TO',
            from: message,
            to: { label: 'Url', key: { url } },
            properties: { asWritten: [url] },
          },
        ]
      : []),
  ];
}

describe('backchannel query', () => {
  async function query(args: string[]) {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        path.join(PROJECT_ROOT, 'bin', 'backchannel'),
        ['query', ...args],
        {
          env: testEnv(),
          timeout: 120_000,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('lists the library with each query’s declared parameters', async () => {
    const r = await query(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { name: string; params: { name: string; type: string }[] }[];
    expect(listed.map((q) => q.name)).toEqual([...library.keys()]);
    expect(listed.find((q) => q.name === 'url-propagation')!.params[0]).toMatchObject({ name: 'url', type: 'string' });
    expect((await query(['list'])).stdout).toContain('--param url string required');
  });

  it('runs a query by name with the answer the API gives', async () => {
    const r = await query(['url-propagation', '--param', 'url=wlsearch.tk', '--format', 'json']);
    expect(r.code).toBe(0);
    const [statement] = JSON.parse(r.stdout) as { rows: { message: string }[] }[];
    const api = await saved('url-propagation', { url: 'wlsearch.tk' });
    expect(statement!.rows.map((row) => row.message)).toEqual(api.map((row) => row.message));
  });

  it('checks values against the declared types before connecting, in one line', async () => {
    const bad = await query(['temporal-correlation', '--param', 'minutes=soon']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/temporal-correlation\.cypher: parameter minutes: /),
    ]);
    const missing = await query(['activity']);
    expect(missing.stderr).toMatch(/parameter id: /);
    const unknown = await query(['brokerz']);
    expect(unknown.stderr.trim()).toBe(
      'backchannel: no saved query named "brokerz"; `backchannel query list` shows them all',
    );
  });
});
