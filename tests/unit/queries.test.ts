import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { bundleGraph } from '../../server/queries/bundle-graph.js';
import type { Graph } from '../../server/queries/graph.js';
import {
  LibraryError,
  loadLibrary,
  paramsSchema,
  parseSavedQuery,
  toCypherParams,
} from '../../server/queries/library.js';
import { deniedReason } from '../../server/queries/readonly.js';
import { escapeLucene, plainQuery } from '../../server/queries/search.js';

describe('plain search text → Lucene', () => {
  it('escapes every special character and matches words as prefixes', () => {
    expect(escapeLucene('a+b-c!(d){e}[f]^g"h~i*j?k:l\\m/n&o|p')).toBe(
      'a\\+b\\-c\\!\\(d\\)\\{e\\}\\[f\\]\\^g\\"h\\~i\\*j\\?k\\:l\\\\m\\/n\\&o\\|p',
    );
    expect(plainQuery('WLsearch  Tk')).toBe('(wlsearch OR wlsearch*) AND (tk OR tk*)');
    expect(plainQuery('http://x')).toBe('(http\\:\\/\\/x OR http\\:\\/\\/x*)');
  });
});

describe('the read-only denylist', () => {
  it.each([
    ["LOAD CSV FROM 'https://example.com/x.csv' AS row RETURN row", /LOAD CSV/],
    ['load  csv with headers from $u as r return r', /LOAD CSV/],
    ['CALL dbms.security.listUsers()', /dbms/],
    ['CALL dbms . components()', /dbms/],
    ['TERMINATE TRANSACTIONS "neo4j-transaction-1"', /transactions/],
    ['SHOW TRANSACTIONS', /transactions/],
    ['USE system SHOW DATABASES', /configured database/],
    ["CALL apoc.load.json('file:///etc/passwd')", /APOC/],
  ])('refuses %s', (query, reason) => {
    expect(deniedReason(query)).toMatch(reason);
  });

  it.each([
    "MATCH (n:Person) WHERE n.name = 'LOAD CSV' RETURN n",
    '// LOAD CSV in a comment\nMATCH (n) RETURN count(n)',
    'MATCH (n) WHERE n.text CONTAINS "USE system" RETURN n',
    'MATCH (n:`SHOW TRANSACTIONS`) RETURN n',
    'MATCH (user:Account) RETURN user.handle',
    "CALL db.index.fulltext.queryNodes('backchannel_search', 'x') YIELD node RETURN node",
  ])('lets through %s (the words are in strings, comments or names)', (query) => {
    expect(deniedReason(query)).toBeUndefined();
  });
});

describe('the saved-query library', () => {
  const text = `// @name pair-window
// @description Two lines
// @description of description.
// @param id string  An id
// @param minutes integer = 60  Window
// @param since datetime = 2016-01-01T00:00:00Z
// @param kinds string[] = "tweet,email"
MATCH (m:Message {id: $id}) WHERE m.sentFrom > $since AND m.kind IN $kinds
RETURN m LIMIT $minutes;
`;

  it('parses the header, defaults and the statement', () => {
    const query = parseSavedQuery(text, 'pair.cypher');
    expect(query).toMatchObject({ name: 'pair-window', description: 'Two lines of description.' });
    expect(query.params).toEqual([
      { name: 'id', type: 'string', description: 'An id', required: true },
      { name: 'minutes', type: 'integer', description: 'Window', required: false, default: 60 },
      { name: 'since', type: 'datetime', description: '', required: false, default: '2016-01-01T00:00:00Z' },
      { name: 'kinds', type: 'string[]', description: '', required: false, default: ['tweet', 'email'] },
    ]);
    expect(query.cypher).toMatch(/^MATCH .* LIMIT \$minutes$/s);
  });

  it('validates request values by declared type and converts them for the driver', () => {
    const query = parseSavedQuery(text, 'pair.cypher');
    const schema = paramsSchema(query);
    expect(schema.safeParse({ id: 'x', minutes: '15' }).success).toBe(true);
    const bad = schema.safeParse({ id: 'x', since: 'yesterday' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['since']);
    expect(schema.safeParse({}).error?.issues[0]?.path).toEqual(['id']);
    const params = toCypherParams(query, schema.parse({ id: 'x', kinds: 'dm, tweet' }));
    expect(String(params.minutes)).toBe('60');
    expect(params.kinds).toEqual(['dm', 'tweet']);
    expect(params.since?.toString()).toBe('2016-01-01T00:00:00Z');
  });

  it.each([
    ['MATCH (n) RETURN n', /no "\/\/ @name" header/],
    ['// @name x\n// @params y string\nRETURN 1', /unknown header @params/],
    ['// @name x\n// @param n number = 3\nRETURN $n', /unknown type number/],
    ['// @name x\n// @param n integer = three\nRETURN $n', /default of n is not a valid integer/],
    ['// @name x\nMATCH (n {id: $id}) RETURN n', /undeclared parameter\(s\) \$id/],
    ['// @name Bad_Name\nRETURN 1', /kebab-case/],
    ['// @name x\n// @param by string{day,week} = year\nRETURN $by', /default of by is not a valid string/],
    ['// @name x\n// @param by string{day,} = day\nRETURN $by', /choices must be words/],
  ])('refuses a bad file with a message naming it: %j', (bad, message) => {
    expect(() => parseSavedQuery(bad, 'bad.cypher')).toThrow(LibraryError);
    expect(() => parseSavedQuery(bad, 'bad.cypher')).toThrow(message);
  });

  it('takes only the declared choices of a string{…} parameter, and refuses others naming them', () => {
    const query = parseSavedQuery(
      '// @name x\n// @param by string{day,week,month} = week  Period\nRETURN $by',
      'x.cypher',
    );
    expect(query.params[0]).toMatchObject({
      name: 'by',
      type: 'string',
      default: 'week',
      choices: ['day', 'week', 'month'],
    });
    expect(paramsSchema(query).parse({ by: 'day' })).toEqual({ by: 'day' });
    const refused = paramsSchema(query).safeParse({ by: "week') RETURN 1 //" });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toMatch(/day.*week.*month/);
  });

  it('loads every query of cypher/library', () => {
    const library = loadLibrary(path.join(PROJECT_ROOT, 'cypher', 'library'));
    expect([...library.keys()]).toEqual(
      expect.arrayContaining(['correspondents', 'temporal-correlation', 'url-propagation']),
    );
  });
});

describe('bundling a graph', () => {
  const node = (id: string, label: string, properties: Record<string, string> = {}) => ({
    id,
    label,
    labels: [label],
    caption: id,
    properties,
  });
  const edge = (type: string, source: string, target: string) => ({
    id: `${type}|${source}|${target}`,
    type,
    source,
    target,
    properties: {},
  });

  it('turns messages with sender and recipients into one edge per pair, keeping messages still tied otherwise', () => {
    const graph: Graph = {
      nodes: [
        node('a', 'Account'),
        node('b', 'Account'),
        node('c', 'Account'),
        node('m1', 'Message', { kind: 'email', sentFrom: '2001-01-02T00:00:00Z', sentTo: '2001-01-02T00:00:00Z' }),
        node('m2', 'Message', { kind: 'email', sentFrom: '2001-01-01T00:00:00Z', sentTo: '2001-01-01T00:00:00Z' }),
        node('m3', 'Message', { kind: 'tweet' }),
        node('u', 'Url'),
      ],
      edges: [
        edge('SENT', 'a', 'm1'),
        edge('TO', 'm1', 'b'),
        edge('CC', 'm1', 'c'),
        edge('SENT', 'a', 'm2'),
        edge('TO', 'm2', 'b'),
        edge('LINKS_TO', 'm2', 'u'),
        edge('SENT', 'c', 'm3'),
      ],
    };
    const bundled = bundleGraph(graph);
    const ab = bundled.edges.find((e) => e.source === 'a' && e.target === 'b')!;
    expect(ab).toMatchObject({
      type: 'CORRESPONDENCE',
      properties: { messages: 2, first: '2001-01-01T00:00:00Z', last: '2001-01-02T00:00:00Z', kinds: ['email'] },
    });
    expect(bundled.edges.find((e) => e.source === 'a' && e.target === 'c')?.properties.messages).toBe(1);
    const ids = bundled.nodes.map((n) => n.id).sort();
    expect(ids).toEqual(['a', 'b', 'c', 'm2', 'm3', 'u']);
    expect(bundled.edges.filter((e) => e.type === 'SENT').map((e) => e.target)).toEqual(['m3']);
  });
});
