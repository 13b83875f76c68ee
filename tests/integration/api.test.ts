/**
 * Every route against the real Neo4j with the founding case loaded, over HTTP as the client uses it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_CASE } from '../../server/config.js';
import { runLoad } from '../../server/load/run.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { startApi } from '../support/api.js';
import type { TestApi } from '../support/api.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
let api: TestApi;

const DM = 'message:twitter:wikileaks-trumpjr-dm-2016-10-12';
const WIKILEAKS_ACCOUNT = 'account:twitter:wikileaks';
const TRUMP_JR_ACCOUNT = 'account:twitter:donaldjtrumpjr';

beforeAll(async () => {
  await emptyDatabase(connection);
  await runLoad({
    files: [FOUNDING_CASE],
    executor: connection.executor,
    reportDir: await mkdtemp(path.join(tmpdir(), 'api-')),
  });
  api = await startApi(connection, { limits: { queryTimeoutMs: 2_000, rowCap: 5 } });
});
afterAll(async () => {
  await api.close();
  await connection.close();
});

describe('search', () => {
  it('finds the wlsearch.tk URL and the messages that link to it', async () => {
    const { status, body } = await api.get('/api/search?q=wlsearch');
    expect(status).toBe(200);
    const ids = body.items.map((i: { node: { id: string } }) => i.node.id);
    expect(ids[0]).toBe('url:http://wlsearch.tk/');
    expect(ids).toContain(DM);
    expect(ids).toContain('message:twitter:trumpjr-tweet-wlsearch-link');
    expect(body.items[0].node).toMatchObject({ label: 'Url', caption: 'http://wlsearch.tk/' });
  });

  it('filters by label and pages', async () => {
    const people = await api.get('/api/search?q=donald&labels=Person');
    expect(people.body.items.map((i: { node: { label: string } }) => i.node.label)).toEqual(['Person', 'Person']);
    const first = await api.get('/api/search?q=wikileaks&limit=2');
    const second = await api.get('/api/search?q=wikileaks&limit=2&offset=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThan(4);
    expect(second.body.offset).toBe(2);
    const overlap = second.body.items.filter((i: { node: { id: string } }) =>
      first.body.items.some((f: { node: { id: string } }) => f.node.id === i.node.id),
    );
    expect(overlap).toEqual([]);
  });

  it.each(['"wikileaks', 'wikileaks:', '(wikileaks', 'wikileaks~', '*', 'http://wlsearch.tk/', 'AND OR NOT'])(
    'answers plain text with Lucene syntax in it (%s) without an error',
    async (q) => {
      const { status, body } = await api.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(status).toBe(200);
      expect(body.items).toBeInstanceOf(Array);
    },
  );

  it('gives a clear 400 for invalid Lucene syntax in lucene mode, and runs valid syntax', async () => {
    const bad = await api.get(`/api/search?mode=lucene&q=${encodeURIComponent('name:(')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_search' });
    expect(bad.body.error.message).toMatch(/^Invalid Lucene query: /);
    const good = await api.get(`/api/search?mode=lucene&q=${encodeURIComponent('handle:wikileaks')}`);
    expect(good.body.items.map((i: { node: { id: string } }) => i.node.id)).toEqual([WIKILEAKS_ACCOUNT]);
  });
});

describe('node and relationship', () => {
  it("answers a node's properties, degrees per type and direction, and its sources with quotes", async () => {
    const { status, body } = await api.get(`/api/node?id=${encodeURIComponent(WIKILEAKS_ACCOUNT)}`);
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: WIKILEAKS_ACCOUNT, label: 'Account', properties: { handle: 'wikileaks' } });
    expect(body.degrees).toContainEqual({ type: 'SENT', direction: 'out', count: 4 });
    expect(body.degrees).toContainEqual({ type: 'CONTROLS', direction: 'in', count: 1 });
    expect(body.sources[0].source.label).toBe('Source');
    expect(body.sources[0].quote).toContain('@wikileaks');
  });

  it("answers a relationship with its endpoints and its sources' quotes", async () => {
    const id = `AFTER|message:twitter:donaldtrump-tweet-very-little-pick-up|${DM}`;
    const { status, body } = await api.get(`/api/relationship?id=${encodeURIComponent(id)}`);
    expect(status).toBe(200);
    expect(body.edge).toMatchObject({ type: 'AFTER', target: DM, properties: { delay: 'PT15M' } });
    const publishers = body.sources.map(
      (s: { source: { properties: { publisher: string } } }) => s.source.properties.publisher,
    );
    expect(publishers).toEqual(expect.arrayContaining(['The Week', 'The Atlantic']));
    expect(body.sources[0].quote).toContain('15 minutes after');
  });

  it('answers 404 for an unknown id and 400 for something that is not an id', async () => {
    expect((await api.get('/api/node?id=person:nobody-at-all')).status).toBe(404);
    const bad = await api.get('/api/node?id=robert');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^id: "robert" is not a Backchannel node id/);
  });
});

describe('expand', () => {
  it("reaches Trump Jr.'s account from WikiLeaks' account through the messages", async () => {
    const first = await api.post('/api/expand', { ids: [WIKILEAKS_ACCOUNT], types: ['SENT'], direction: 'out' });
    expect(first.status).toBe(200);
    const messages = first.body.nodes
      .filter((n: { label: string }) => n.label === 'Message')
      .map((n: { id: string }) => n.id);
    expect(messages).toContain(DM);
    const second = await api.post('/api/expand', {
      ids: messages,
      types: ['TO'],
      direction: 'out',
      labels: ['Account'],
    });
    expect(second.body.nodes.map((n: { id: string }) => n.id)).toContain(TRUMP_JR_ACCOUNT);
    expect(second.body.edges.every((e: { type: string }) => e.type === 'TO')).toBe(true);
  });

  it('caps the page and says how many more there are', async () => {
    const { body } = await api.post('/api/expand', { ids: [WIKILEAKS_ACCOUNT], limit: 2 });
    expect(body.total).toBe(8);
    expect(body.edges).toHaveLength(2);
    expect(body.more).toBe(6);
    const rest = await api.post('/api/expand', { ids: [WIKILEAKS_ACCOUNT], limit: 10, offset: 2 });
    expect(rest.body.edges).toHaveLength(6);
    expect(rest.body.more).toBe(0);
  });

  it('filters neighbouring messages by a time window', async () => {
    const { body } = await api.post('/api/expand', {
      ids: [WIKILEAKS_ACCOUNT],
      types: ['SENT'],
      from: '2016-10-01T00:00:00Z',
      to: '2016-10-31T00:00:00Z',
    });
    const days = body.nodes
      .filter((n: { label: string }) => n.label === 'Message')
      .map((n: { properties: { sentFrom: string } }) => n.properties.sentFrom.slice(0, 10));
    expect(days.sort()).toEqual(['2016-10-03', '2016-10-12']);
  });

  it('answers in bundled form: one edge per pair and direction with count and span', async () => {
    const { body } = await api.post('/api/expand', { ids: [WIKILEAKS_ACCOUNT], bundle: true });
    expect(body.edges).toContainEqual({
      id: `bundle|account|${WIKILEAKS_ACCOUNT}|${TRUMP_JR_ACCOUNT}`,
      type: 'CORRESPONDENCE',
      source: WIKILEAKS_ACCOUNT,
      target: TRUMP_JR_ACCOUNT,
      properties: {
        messages: 3,
        first: '2016-09-20T00:00:00Z',
        last: '2016-10-12T23:59:59Z',
        kinds: ['direct_message'],
        level: 'account',
      },
    });
  });
});

describe('paths', () => {
  it('joins WikiLeaks and Donald Trump by a shortest path that is not a source link', async () => {
    const { status, body } = await api.post('/api/paths', {
      from: 'organization:wikileaks',
      to: 'person:donald-trump',
    });
    expect(status).toBe(200);
    expect(body.paths).toHaveLength(1);
    const path = body.paths[0];
    expect(path.nodes[0]).toBe('organization:wikileaks');
    expect(path.nodes.at(-1)).toBe('person:donald-trump');
    expect(body.edges.some((e: { type: string }) => e.type === 'SUPPORTED_BY')).toBe(false);
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(path.nodes));
  });

  it('finds all shortest paths and respects the hop limit', async () => {
    const all = await api.post('/api/paths', {
      from: WIKILEAKS_ACCOUNT,
      to: TRUMP_JR_ACCOUNT,
      all: true,
      types: ['SENT', 'TO'],
    });
    // Three messages from WikiLeaks to Trump Jr. and two back, each a two-hop path.
    expect(all.body.paths.length).toBe(5);
    expect(all.body.paths.every((p: { edges: string[] }) => p.edges.length === 2)).toBe(true);
    const short = await api.post('/api/paths', { from: WIKILEAKS_ACCOUNT, to: 'person:mike-pence', maxHops: 1 });
    expect(short.body.paths).toEqual([]);
  });

  it('draws the connecting subgraph of three nodes, also in bundled form', async () => {
    const ids = [WIKILEAKS_ACCOUNT, TRUMP_JR_ACCOUNT, 'person:donald-trump'];
    const { body } = await api.post('/api/connect', { ids, maxHops: 4 });
    expect(body.paths.length).toBe(3);
    const nodeIds = body.nodes.map((n: { id: string }) => n.id);
    for (const id of ids) expect(nodeIds).toContain(id);
    const bundled = await api.post('/api/connect', {
      ids,
      maxHops: 4,
      bundle: true,
      types: ['SENT', 'TO', 'CONTROLS', 'AFFILIATED_WITH'],
    });
    expect(bundled.body.edges.some((e: { type: string }) => e.type === 'CORRESPONDENCE')).toBe(true);
  });
});

describe('correspondence bundles', () => {
  it("aggregates by person through their accounts and lists a bundle's messages in time order", async () => {
    const { body } = await api.post('/api/bundles', { ids: ['person:donald-trump-jr'], level: 'person' });
    const fromWikiLeaks = body.edges.find((e: { source: string }) => e.source === 'organization:wikileaks');
    expect(fromWikiLeaks.properties).toMatchObject({ messages: 3, level: 'person' });
    const page = await api.get(
      '/api/bundles/messages?from=organization:wikileaks&to=person:donald-trump-jr&level=person&limit=2',
    );
    expect(page.body).toMatchObject({ total: 3, more: 1 });
    expect(page.body.messages.map((m: { properties: { sentFrom: string } }) => m.properties.sentFrom)).toEqual([
      '2016-09-20T00:00:00Z',
      '2016-10-03T00:00:00Z',
    ]);
  });
});

describe('timeline', () => {
  it('lists September–October 2016 in order, with precision, the 15-minute relation and counts per day', async () => {
    const { status, body } = await api.get('/api/timeline?from=2016-09-01T00:00:00Z&to=2016-10-31T23:59:59Z');
    expect(status).toBe(200);
    const ids = body.items.map((i: { message: { id: string } }) => i.message.id);
    const dm = ids.indexOf(DM);
    const tweet = ids.indexOf('message:twitter:donaldtrump-tweet-very-little-pick-up');
    expect(dm).toBeGreaterThanOrEqual(0);
    expect(tweet).toBeGreaterThan(dm);
    const tweetItem = body.items[tweet];
    expect(tweetItem).toMatchObject({ precision: 'unknown', from: null, derivedFrom: { anchor: DM } });
    expect(tweetItem.relations).toContainEqual(
      expect.objectContaining({
        direction: 'after',
        other: DM,
        delay: 'PT15M',
        asStated: 'just 15 minutes after it was sent',
      }),
    );
    expect(body.items[dm].relations.map((r: { delay: string }) => r.delay).sort()).toEqual(['P2D', 'PT15M']);
    expect(body.items[dm].senders.map((s: { id: string }) => s.id)).toEqual([WIKILEAKS_ACCOUNT]);
    const froms = body.items.map(
      (i: { from: string | null; derivedFrom?: { at: string } }) => i.from ?? i.derivedFrom!.at,
    );
    expect([...froms].sort()).toEqual(froms);
    // Two months: counted per day.
    expect(body.histogram.unit).toBe('day');
    expect(body.histogram.bins).toContainEqual({ start: '2016-10-12', count: 2 });
    expect(
      body.items.some(
        (i: { message: { properties: { kind: string } } }) => i.message.properties.kind === 'conversation',
      ),
    ).toBe(false);
  });

  it('narrows to the messages of one party', async () => {
    const { body } = await api.get(
      `/api/timeline?from=2016-09-01T00:00:00Z&to=2016-10-31T23:59:59Z&ids=person:mike-pence`,
    );
    expect(body.items.map((i: { message: { id: string } }) => i.message.id)).toEqual([
      'message:other:pence-fox-news-statement-2016-10-12',
    ]);
  });
});

describe('saved queries', () => {
  it('lists the library with declared parameters', async () => {
    const { body } = await api.get('/api/queries');
    const temporal = body.queries.find((q: { name: string }) => q.name === 'temporal-correlation');
    expect(temporal.params).toContainEqual(
      expect.objectContaining({ name: 'minutes', type: 'integer', default: 60, required: false }),
    );
  });

  it('runs one by name: the tweet 15 minutes after the DM', async () => {
    const { status, body } = await api.post('/api/queries/temporal-correlation', { params: { minutes: 30 } });
    expect(status).toBe(200);
    expect(body.rows).toContainEqual(
      expect.objectContaining({
        earlierMessage: DM,
        laterMessage: 'message:twitter:donaldtrump-tweet-very-little-pick-up',
        delay: 'PT15M',
      }),
    );
    const none = await api.post('/api/queries/temporal-correlation', { params: { minutes: 10 } });
    expect(none.body.rows).toEqual([]);
  });

  it('validates parameters against the declaration and names the one at fault', async () => {
    const bad = await api.post('/api/queries/temporal-correlation', { params: { minutes: 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.params\.minutes: /);
    const unknown = await api.post('/api/queries/temporal-correlation', { params: { minuets: 5 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/minuets/);
    const missing = await api.post('/api/queries/correspondents', { params: {} });
    expect(missing.body.error.message).toMatch(/^body\.params\.id: /);
    expect((await api.post('/api/queries/no-such-query', {})).status).toBe(404);
  });
});

describe('the Cypher console', () => {
  it('answers a table and the graph found in paths and lists', async () => {
    const { status, body } = await api.post('/api/cypher', {
      query: 'MATCH p = (a:Account {id: $id})-[:SENT]->(m:Message) RETURN p, [m] AS ms ORDER BY m.id LIMIT $n',
      params: { id: WIKILEAKS_ACCOUNT, n: 2 },
    });
    expect(status).toBe(200);
    expect(body.columns).toEqual(['p', 'ms']);
    expect(body.rows).toHaveLength(2);
    expect(body.graph.nodes.map((n: { id: string }) => n.id)).toContain(WIKILEAKS_ACCOUNT);
    expect(body.graph.edges.every((e: { type: string }) => e.type === 'SENT')).toBe(true);
    expect(body.graph.edges).toHaveLength(2);
  });

  it('draws relationships returned alone by fetching their endpoints', async () => {
    const { body } = await api.post('/api/cypher', { query: "MATCH ()-[r:AFTER {delay: 'PT15M'}]->() RETURN r" });
    expect(body.graph.edges).toHaveLength(1);
    expect(body.graph.nodes.map((n: { id: string }) => n.id)).toContain(DM);
  });

  it.each([
    ['CREATE (n:Person {name: "Intruder"}) RETURN n', 'read_only'],
    ['MERGE (n:Person {id: "person:intruder"})', 'read_only'],
    ['MATCH (n:Person) SET n.name = "x"', 'read_only'],
    ['MATCH (n) DETACH DELETE n', 'read_only'],
    ['MATCH (n:Person) REMOVE n.name', 'read_only'],
    ["CALL db.createLabel('Intruder')", 'read_only'],
    ['DROP INDEX person_name', 'read_only'],
    ["LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", 'not_allowed'],
    ['CALL dbms.listConfig() YIELD name RETURN name', 'not_allowed'],
    ['SHOW TRANSACTIONS', 'not_allowed'],
    ['USE system SHOW USERS', 'not_allowed'],
  ])('refuses %s as %s and changes nothing', async (query, code) => {
    const before = await countByLabelAndType(connection.executor);
    const { status, body } = await api.post('/api/cypher', { query });
    expect(status).toBe(403);
    expect(body.error.code).toBe(code);
    expect(await countByLabelAndType(connection.executor)).toEqual(before);
  });

  it('refuses a write hidden in a CALL subquery even though it starts like a read', async () => {
    const { status, body } = await api.post('/api/cypher', {
      query: 'MATCH (p:Person) WITH p LIMIT 1 CALL (p) { SET p.flag = true } RETURN p.name',
    });
    expect(status).toBe(403);
    expect(body.error.code).toBe('read_only');
  });

  it('stops a slow query at the timeout with a clear error', async () => {
    const started = Date.now();
    const { status, body } = await api.post('/api/cypher', {
      query: 'UNWIND range(1, 10000000000) AS x RETURN sum(x)',
    });
    expect(status).toBe(504);
    expect(body.error).toMatchObject({ code: 'query_timeout' });
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('caps the rows and says the answer was truncated', async () => {
    const { body } = await api.post('/api/cypher', { query: 'UNWIND range(1, 100) AS x RETURN x' });
    expect(body).toMatchObject({ truncated: true, rowCap: 5 });
    expect(body.rows.map((r: { x: number }) => r.x)).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns integers as numbers where safe and strings where not, temporals as ISO strings', async () => {
    const { body } = await api.post('/api/cypher', {
      query:
        "RETURN 9007199254740993 AS big, 42 AS small, 1.5 AS real, datetime('2016-10-12T08:00:00+02:00') AS t, date('2016-10-14') AS d, duration('PT15M') AS delay",
    });
    expect(body.rows[0]).toEqual({
      big: '9007199254740993',
      small: 42,
      real: 1.5,
      t: '2016-10-12T08:00:00+02:00',
      d: '2016-10-14',
      delay: 'PT15M',
    });
  });

  it("reports a syntax error as the analyst's 400, not a 500", async () => {
    const { status, body } = await api.post('/api/cypher', { query: 'MATCH (n RETURN n' });
    expect(status).toBe(400);
    expect(body.error.code).toBe('query_invalid');
  });
});

describe('validation and bounds', () => {
  it.each([
    ['/api/search', /^query\.q: /],
    ['/api/search?q=x&limit=abc', /^query\.limit: /],
    ['/api/search?q=x&limit=101', /^query\.limit: Too big/],
    ['/api/search?q=x&labels=Person,Spy', /^query\.labels\.1: /],
    ['/api/timeline?from=yesterday&to=2016-10-31T00:00:00Z', /^query\.from: /],
    ['/api/timeline?from=2016-11-01T00:00:00Z&to=2016-10-31T00:00:00Z', /^query\.from: from is after to/],
  ])('GET %s is a 400 naming the parameter', async (url, message) => {
    const { status, body } = await api.get(url);
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message).toMatch(message);
  });

  it.each([
    [{}, /^body\.ids: /],
    [{ ids: [WIKILEAKS_ACCOUNT], direction: 'sideways' }, /^body\.direction: /],
    [{ ids: [WIKILEAKS_ACCOUNT], types: ['SENT', 'DROP_ALL'] }, /^body\.types\.1: /],
    [{ ids: [WIKILEAKS_ACCOUNT], limit: 501 }, /^body\.limit: Too big/],
    [{ ids: ['`) DETACH DELETE n //'] }, /^ids: .* is not a Backchannel node id/],
  ])('POST /api/expand %j is a 400 naming the parameter', async (body, message) => {
    const answer = await api.post('/api/expand', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(message);
  });

  it('refuses malformed JSON and oversized bodies clearly', async () => {
    const malformed = await api.post('/api/expand', '{"ids": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const huge = await api.post('/api/cypher', { query: `RETURN '${'x'.repeat(300_000)}'` });
    expect(huge.status).toBe(413);
  });

  it('sends security headers with a strict content security policy', async () => {
    const { headers } = await api.get('/api/stats');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-powered-by')).toBeNull();
  });
});

describe('stats and the API document', () => {
  it('answers counts, the Neo4j version and what time the data covers', async () => {
    const { body } = await api.get('/api/stats');
    expect(body.neo4j.version).toMatch(/^5\.26\./);
    expect(body.counts.nodes.Message).toBe(13);
    expect(body.time).toMatchObject({
      first: '2016-09-20T00:00:00Z',
      last: '2016-10-12T23:59:59Z',
      dated: 9,
      undated: 4,
    });
    expect(body.time.perYear).toEqual([{ year: 2016, messages: 9 }]);
  });

  it('serves an OpenAPI document that validates and lists every route', async () => {
    const { body } = await api.get('/api/openapi.json');
    const result = await new Validator().validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const route of [
      '/api/search',
      '/api/expand',
      '/api/paths',
      '/api/connect',
      '/api/bundles',
      '/api/timeline',
      '/api/cypher',
      '/api/stats',
    ]) {
      expect(Object.keys(body.paths)).toContain(route);
    }
    expect(body.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'q',
      'mode',
      'labels',
      'offset',
      'limit',
    ]);
  });
});

describe('the API token', () => {
  it('is required by every route but health, readiness and the API document when set', async () => {
    const guarded = await startApi(connection, { apiToken: 'a-very-secret-token-123' });
    try {
      expect((await guarded.get('/api/stats')).status).toBe(401);
      expect((await guarded.get('/api/stats', { authorization: 'Bearer wrong-token-of-same-len' })).status).toBe(401);
      expect((await guarded.get('/api/stats', { authorization: 'Bearer a-very-secret-token-123' })).status).toBe(200);
      expect((await guarded.get('/api/health')).status).toBe(200);
      expect((await guarded.get('/api/openapi.json')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
