/**
 * Identity and evidence against the real Neo4j (issue 13): values never depend on the order of
 * writes, the number of writers or the batch size; every value is kept with its source; a load that
 * meets a different value says so.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { parseMappingText } from '../../server/ingest/mapping/index.js';
import { parseStatement } from '../../server/model/evidence.js';
import { runLoad } from '../../server/load/run.js';
import { entity } from '../../server/queries/entity.js';
import type { LoadOptions } from '../../server/load/run.js';
import { NODES } from '../../server/model/graph-model.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';
import { sharedData } from '../support/shared-data.js';

const connection = testConnection();
let dir: string;

const FOLLOWERS_MAPPING = parseMappingText(
  [
    'nodes:',
    '  - name: account',
    '    label: Account',
    '    properties:',
    '      platform: twitter',
    '      handle: { column: handle }',
    '      followers: { column: followers }',
    '      externalId: { column: id }',
  ].join('\n'),
  'followers.yaml',
);

/** `rows` rows for one account, followers = row number (the last row says the most). */
async function followersCsv(rows: number): Promise<string> {
  const file = path.join(dir, `followers-${rows}.csv`);
  const lines = ['handle,followers,id'];
  for (let i = 1; i <= rows; i++) lines.push(`@Repro_Account,${i},42`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** The first `lines` lines of a file (a CSV's header and rows), as a file of our own. */
async function head(file: string, lines: number, name: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const out = path.join(dir, name);
  await writeFile(out, text.split('\n').slice(0, lines).join('\n'));
  return out;
}

function load(files: string[], options: Partial<LoadOptions> = {}) {
  return runLoad({
    files,
    executor: connection.executor,
    reportDir: path.join(dir, `report-${Math.random().toString(36).slice(2)}`),
    ...options,
  });
}

const META = Object.entries(NODES)
  .filter(([, def]) => (def as { meta?: boolean }).meta)
  .map(([label]) => label);

/** Every id and property of the graph, bookkeeping (load runs, migrations, proposals) left out. */
async function fingerprint(): Promise<{ nodes: number; relationships: number; hash: string; canonical: string }> {
  const nodes = await connection.executor.rows<{ row: unknown }>(
    `MATCH (n) WHERE none(l IN labels(n) WHERE l IN $meta)
     RETURN [labels(n), n {.*, loadRuns: null}] AS row ORDER BY n.id`,
    { meta: META },
  );
  const relationships = await connection.executor.rows<{ row: unknown }>(
    `MATCH (a)-[r]->(b) WHERE none(l IN labels(a) + labels(b) WHERE l IN $meta)
     RETURN [a.id, type(r), b.id, r {.*, loadRuns: null}] AS row ORDER BY r.id, a.id, b.id`,
    { meta: META },
  );
  const canonical = JSON.stringify([nodes, relationships], (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
  return {
    nodes: nodes.length,
    relationships: relationships.length,
    hash: createHash('sha256').update(canonical).digest('hex'),
    canonical,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backchannel-evidence-'));
});
beforeEach(() => emptyDatabase(connection));
afterAll(() => connection.close());

describe('values do not depend on the order of writes', () => {
  it('keeps the last row’s followers of 20,000 rows for one account, with 2 writers in batches of 500, every time', async () => {
    const csv = await followersCsv(20_000);
    for (const concurrency of [2, 4]) {
      await emptyDatabase(connection);
      const summary = await load([csv], { mapping: FOLLOWERS_MAPPING, batchSize: 500, concurrency });
      expect(summary).toMatchObject({ read: 20_000, loaded: 20_000, rejected: 0 });
      expect(summary.rows).toEqual({ read: 20_000, loaded: 20_000, rejected: 0, nothing: 0 });
      // One file's history of a value is not a disagreement between sources.
      expect(summary.created).toMatchObject({ conflicts: 0, conflicting: [] });
      const [account] = await connection.executor.rows<{ followers: number; statements: number }>(
        `MATCH (a:Account {id: 'account:twitter:repro_account'})
         RETURN a.followers AS followers, size(a.statements) AS statements`,
      );
      // Every value stays as a statement (a history of 20,000 counts, one origin) plus the externalId.
      expect(account).toEqual({ followers: 20_000, statements: 20_001 });
    }
  }, 600_000);

  it('shows the latest followers of an IRA account by the tweets’ own time, not the row order', async () => {
    const file = path.join(dir, 'ira.csv');
    const header =
      'external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category,new_june_2018,alt_external_id,tweet_id';
    // The later tweet (2017) comes first in the file and says 20,000; the 2016 tweet says 10.
    await writeFile(
      file,
      [
        header,
        '1,ORDER_TEST,later tweet,US,English,1/2/2017 10:00,1/2/2017 10:00,5,20000,1,,Right,0,RightTroll,0,1,900000000000000001',
        '1,ORDER_TEST,earlier tweet,US,English,6/1/2016 10:00,6/1/2016 10:00,5,10,1,,Right,0,RightTroll,0,1,900000000000000002',
      ].join('\n'),
    );
    await load([file], { format: 'ira-tweets-csv' });
    const [account] = await connection.executor.rows<{ followers: number; statements: string[] }>(
      "MATCH (a:Account {id: 'account:twitter:order_test'}) RETURN a.followers AS followers, a.statements AS statements",
    );
    expect(account!.followers).toBe(20_000);
    const history = account!.statements
      .map(parseStatement)
      .filter((s) => s.prop === 'followers')
      .map((s) => [s.value, s.asOf]);
    expect(history).toEqual(
      expect.arrayContaining([
        [10, '2016-06-01T10:00:00.000Z'],
        [20_000, '2017-01-02T10:00:00.000Z'],
      ]),
    );
  });

  it('gives one fingerprint of ids and properties whatever the writers, batch size, file order or reloads', async () => {
    const ira = sharedData('fivethirtyeight-ira-sample/SubdataSample.csv');
    // Two copies of one mailbox under different names: the same messages from two files, whose
    // values (folder, provenance) compete.
    const mail = path.join(dir, 'mail');
    await mkdir(mail, { recursive: true });
    const mbox = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'email', 'mailbox.mbox');
    await copyFile(mbox, path.join(mail, 'a.mbox'));
    await copyFile(mbox, path.join(mail, 'b.mbox'));
    const files = [
      path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson'),
      path.join(PROJECT_ROOT, 'tests', 'fixtures', 'twitter', 'ira-tweets.csv'),
      await followersCsv(1_000),
      path.join(mail, 'a.mbox'),
      path.join(mail, 'b.mbox'),
      ...(ira.available ? [await head(ira.path, 600, 'ira-sample.csv')] : []),
    ];
    const mapped = (f: string) => (f.includes('followers-') ? FOLLOWERS_MAPPING : undefined);
    // One load per file, so each gets its own format and mapping, all into one database.
    const loadAll = async (order: string[], batchSize: number, concurrency: number) => {
      for (const file of order) {
        const mapping = mapped(file);
        await load([file], { batchSize, concurrency, root: dir, ...(mapping ? { mapping } : {}) });
      }
    };
    const runs: [string, string[], number, number][] = [
      ['1 writer, batches of 100', files, 100, 1],
      ['2 writers, batches of 5,000', files, 5_000, 2],
      ['4 writers, batches of 100, files reversed', [...files].reverse(), 100, 4],
    ];
    const prints = [];
    for (const [, order, batchSize, concurrency] of runs) {
      await emptyDatabase(connection);
      await loadAll(order, batchSize, concurrency);
      prints.push(await fingerprint());
    }
    // And the same files loaded again on top: nothing changes but the bookkeeping.
    await loadAll([...files].reverse(), 500, 2);
    prints.push(await fingerprint());

    expect(prints[0]!.nodes).toBeGreaterThan(100);
    for (const print of prints.slice(1)) {
      if (print.hash !== prints[0]!.hash) {
        const a = JSON.parse(prints[0]!.canonical) as unknown[][];
        const b = JSON.parse(print.canonical) as unknown[][];
        const diff = [0, 1].flatMap((k) =>
          a[k]!.map((row, i) => [JSON.stringify(row), JSON.stringify(b[k]![i])]).filter(([x, y]) => x !== y),
        );
        expect(diff.slice(0, 3)).toEqual([]);
      }
      expect({ ...print, canonical: '' }).toEqual({ ...prints[0], canonical: '' });
    }
  }, 900_000);
});

describe('identity as the source gives it', () => {
  it('keeps two GraphML people of one name as two, each with its own company', async () => {
    const file = path.join(dir, 'registry.graphml');
    await writeFile(
      file,
      [
        '<graphml><key id="t" for="node" attr.name="type"/><key id="n" for="node" attr.name="name"/>',
        '<graph edgedefault="directed">',
        '<node id="1"><data key="t">person</data><data key="n">Repro Bearer</data></node>',
        '<node id="2"><data key="t">person</data><data key="n">Repro Bearer</data></node>',
        '<node id="3"><data key="t">organization</data><data key="n">Repro Alpha Ltd</data></node>',
        '<node id="4"><data key="t">organization</data><data key="n">Repro Beta Ltd</data></node>',
        '<edge source="1" target="3"/><edge source="2" target="4"/>',
        '</graph></graphml>',
      ].join('\n'),
    );
    await load([file]);
    const people = await connection.executor.rows<{ id: string; orgs: string[] }>(
      `MATCH (p:Person {name: 'Repro Bearer'}) OPTIONAL MATCH (p)--(o:Organization)
       RETURN p.id AS id, collect(o.name) AS orgs ORDER BY id`,
    );
    expect(people).toEqual([
      { id: 'person:registry:1', orgs: ['Repro Alpha Ltd'] },
      { id: 'person:registry:2', orgs: ['Repro Beta Ltd'] },
    ]);
  });

  it('loads epoch-millisecond times through a mapping as instants', async () => {
    const file = path.join(dir, 'epoch.csv');
    await writeFile(file, 'id,author,text,at\n1,@epoch_author,hello,1507032037000\n');
    const mapping = parseMappingText(
      [
        'nodes:',
        '  - name: author',
        '    label: Account',
        '    properties: { platform: twitter, handle: { column: author } }',
        '  - name: tweet',
        '    label: Message',
        '    properties:',
        '      platform: twitter',
        '      ref: { column: id }',
        '      kind: tweet',
        '      text: { column: text }',
        '      sent: { column: at, time: epoch-ms }',
        'relationships:',
        '  - { type: SENT, from: author, to: tweet }',
      ].join('\n'),
      'epoch.yaml',
    );
    const summary = await load([file], { mapping });
    expect(summary).toMatchObject({ rejected: 0 });
    const [message] = await connection.executor.rows<{ at: string; precision: string }>(
      "MATCH (:Account {id: 'account:twitter:epoch_author'})-[:SENT]->(m:Message) RETURN toString(m.sentFrom) AS at, m.sentPrecision AS precision",
    );
    expect(message).toEqual({ at: '2017-10-03T12:00:37Z', precision: 'instant' });
  });
});

describe('a load that meets a different value', () => {
  it('reports it as a conflict and keeps both values, the curated one shown', async () => {
    const curated = path.join(dir, 'curated.ndjson');
    await writeFile(
      curated,
      JSON.stringify({
        node: 'Account',
        properties: { platform: 'twitter', handle: 'conflicted', displayName: 'The Curated Name' },
      }),
    );
    const imported = path.join(dir, 'import.csv');
    await writeFile(imported, 'handle,name\nconflicted,AN IMPORTED NAME\n');
    const mapping = parseMappingText(
      [
        'nodes:',
        '  - name: a',
        '    label: Account',
        '    properties: { platform: twitter, handle: { column: handle }, displayName: { column: name } }',
      ].join('\n'),
      'import.yaml',
    );
    await load([curated], { root: dir });
    const summary = await load([imported], { mapping, root: dir });
    expect(summary.created).toMatchObject({ conflicts: 1, conflicting: ['account:twitter:conflicted'] });
    const [account] = await connection.executor.rows<{ name: string; statements: string[] }>(
      "MATCH (a:Account {id: 'account:twitter:conflicted'}) RETURN a.displayName AS name, a.statements AS statements",
    );
    expect(account!.name).toBe('The Curated Name');
    // The details answer shows both, the shown one marked; graph answers leave the statements out.
    const answer = await entity(connection.executor, 'account:twitter:conflicted');
    expect(answer.node.properties.statements).toBeUndefined();
    expect(answer.values.filter((v) => v.prop === 'displayName')).toEqual([
      expect.objectContaining({ value: 'The Curated Name', curated: true, shown: true }),
      expect.objectContaining({ value: 'AN IMPORTED NAME', curated: false, shown: false }),
    ]);
    expect(account!.statements.map(parseStatement)).toEqual([
      expect.objectContaining({ prop: 'displayName', value: 'AN IMPORTED NAME', origin: 'mapped-csv|import.csv' }),
      expect.objectContaining({ prop: 'displayName', value: 'The Curated Name', curated: true }),
    ]);
  });
});
