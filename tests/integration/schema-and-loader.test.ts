import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applySchema } from '../../server/scripts/migrations.js';
import { schemaStatements } from '../../server/model/ddl.js';
import { parseStatement } from '../../server/model/evidence.js';
import { runLoad } from '../../server/load/run.js';
import { nodeMergeStatement, relationshipMergeStatement } from '../../server/load/statements.js';
import { NODE_LABELS, RELATIONSHIP_TYPES, RELATIONSHIPS } from '../../server/model/graph-model.js';
import type { NodeLabel } from '../../server/model/graph-model.js';
import { countByLabelAndType } from '../../server/queries/stats.js';
import { emptyDatabase, testConnection } from '../support/neo4j.js';

const connection = testConnection();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'backchannel-load-'));
});
beforeEach(() => emptyDatabase(connection));
afterAll(() => connection.close());

const lines = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

const person = (name: string, extra: Record<string, unknown> = {}) => ({
  node: 'Person',
  properties: { name, ...extra },
});
const account = (handle: string) => ({ node: 'Account', properties: { platform: 'twitter', handle } });
const controls = (ref: string, handle: string) => ({
  relationship: 'CONTROLS',
  from: { label: 'Person', key: { ref } },
  to: { label: 'Account', key: { platform: 'twitter', handle } },
  sources: [{ source: 'test-source', quote: `${ref} runs @${handle}` }],
});

async function load(name: string, content: string, dryRun = false) {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return runLoad({
    files: [file],
    reportDir: path.join(dir, `${name}-report`),
    ...(dryRun ? {} : { executor: connection.executor }),
  });
}

describe('schema', () => {
  it('generates MERGE statements this Neo4j compiles, for every label and relationship end', async () => {
    const statements = [
      ...NODE_LABELS.map((label) => nodeMergeStatement(label)),
      ...RELATIONSHIP_TYPES.flatMap((type) =>
        RELATIONSHIPS[type].from.flatMap((from) =>
          RELATIONSHIPS[type].to.map((to) => relationshipMergeStatement(type, from as NodeLabel, to as NodeLabel)),
        ),
      ),
    ];
    for (const statement of statements) {
      await expect(
        connection.executor.write(`EXPLAIN ${statement}`, { rows: [], run: {}, sep: '' }),
      ).resolves.toBeTruthy();
    }
  });

  it('applies twice without error and creates every constraint and index of the model', async () => {
    await applySchema(connection.executor);
    await applySchema(connection.executor);
    const constraints = await connection.executor.read('SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names');
    const indexes = await connection.executor.read(
      'SHOW INDEXES YIELD name, state RETURN collect([name, state]) AS all',
    );
    const names = [
      ...constraints.records[0]!.get('names'),
      ...indexes.records[0]!.get('all').map((x: string[]) => x[0]),
    ];
    for (const statement of schemaStatements()) {
      const name = /(?:CONSTRAINT|INDEX) (\w+) IF NOT EXISTS/.exec(statement)![1]!;
      expect(names).toContain(name);
    }
    const states = indexes.records[0]!.get('all').map((x: string[]) => x[1]);
    expect(new Set(states)).toEqual(new Set(['ONLINE']));
  });
});

describe('the loader', () => {
  it('is idempotent: a second load of the same file changes no counts', async () => {
    const content = lines(person('Ann Example', { ref: 'ann' }), account('ann'), controls('ann', 'ann'));
    const first = await load('twice.ndjson', content);
    const before = await countByLabelAndType(connection.executor);
    const second = await load('twice.ndjson', content);
    const after = await countByLabelAndType(connection.executor);
    expect(first.created).toMatchObject({ nodesCreated: 2, relationshipsCreated: 1 });
    expect(second.created).toMatchObject({ nodesCreated: 0, relationshipsCreated: 0 });
    expect(after).toEqual(before);
    expect(after.nodes).toMatchObject({ Person: 1, Account: 1 });
    expect(after.relationships).toMatchObject({ CONTROLS: 1 });
  });

  it('keeps every value of a record loaded again, shows the highest-ranked whatever the load order, and accumulates lists', async () => {
    // Same ref, so one person; v2's values outrank v1's by place (file, then line), not by which
    // load ran last: loading v2 first must end the same way.
    await load('v2.ndjson', lines(person('ann example', { ref: 'ann', description: 'new', aliases: ['Annie'] })));
    await load('v1.ndjson', lines(person('Ann Example', { ref: 'ann', description: 'old', aliases: ['A. Example'] })));
    const result = await connection.executor.rows<{ name: string; d: string; a: string[]; s: string[] }>(
      'MATCH (p:Person) RETURN p.name AS name, p.description AS d, p.aliases AS a, p.statements AS s',
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ name: 'ann example', d: 'new', a: ['A. Example', 'Annie'] });
    // The other values stay, each with its file.
    expect(result[0]!.s.map(parseStatement)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ prop: 'description', value: 'old', origin: 'ndjson|v1.ndjson', curated: true }),
        expect.objectContaining({ prop: 'description', value: 'new', origin: 'ndjson|v2.ndjson', curated: true }),
        expect.objectContaining({ prop: 'name', value: 'Ann Example', origin: 'ndjson|v1.ndjson' }),
      ]),
    );
  });

  it('never makes one person of two records that share only a name', async () => {
    await load('one.ndjson', lines(person('John Smith', { description: 'a plumber' })));
    await load('two.ndjson', lines(person('John Smith', { description: 'a senator' })));
    const result = await connection.executor.rows<{ id: string; d: string }>(
      'MATCH (p:Person) RETURN p.id AS id, p.description AS d ORDER BY id',
    );
    expect(result).toEqual([
      { id: 'person:one:name:John Smith', d: 'a plumber' },
      { id: 'person:two:name:John Smith', d: 'a senator' },
    ]);
  });

  it('loads the good records of a bad file and reports each bad one with its line, keeping it', async () => {
    const summary = await load(
      'mixed.ndjson',
      lines(
        person('Good One'),
        '{"node": "Person", "properties": {"name": "unterminated"',
        person('Good Two'),
        { node: 'Person', properties: { nmae: 'typo' } },
        '',
        { relationship: 'CONTROLS', from: { label: 'Url', key: { url: 'x.org' } }, to: account('a').properties },
        account('good3'),
      ),
    );
    expect(summary).toMatchObject({ read: 6, loaded: 3, rejected: 3 });
    const rejects = (await readFile(summary.rejectsFile!, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => r.where.line)).toEqual([2, 4, 6]);
    expect(rejects[0].error).toMatch(/invalid JSON/);
    expect(rejects[0].raw).toContain('unterminated');
    expect(rejects[1].error).toMatch(/properties\.name/);
    expect(rejects[1].record).toEqual({ node: 'Person', properties: { nmae: 'typo' } });
    expect(rejects[2].error).toMatch(/from\.label/);
    const counts = await countByLabelAndType(connection.executor);
    expect(counts.nodes).toMatchObject({ Person: 2, Account: 1 });
  });

  it('reports JSON documents by JSON pointer', async () => {
    const summary = await load('doc.json', JSON.stringify({ records: [person('In Json'), { node: 'Nope' }] }));
    expect(summary).toMatchObject({ loaded: 1, rejected: 1 });
    const reject = JSON.parse((await readFile(summary.rejectsFile!, 'utf8')).trim());
    expect(reject.where.pointer).toBe('/records/1');
  });

  it('joins a relationship that arrives before its nodes to them when they come', async () => {
    await load('rel-first.ndjson', lines(controls('late-person', 'late')));
    await load(
      'nodes-later.ndjson',
      lines(person('Late Person', { ref: 'late-person', description: 'arrived later' }), account('late')),
    );
    const result = await connection.executor.rows(
      'MATCH (p:Person)-[:CONTROLS]->(a:Account) RETURN p.description AS d, a.handle AS h, count(*) AS n',
    );
    expect(result).toEqual([{ d: 'arrived later', h: 'late', n: 1 }]);
    const counts = await countByLabelAndType(connection.executor);
    expect(counts.nodes).toMatchObject({ Person: 1, Account: 1 });
  });

  it('stores message times as Neo4j datetimes that range queries can use', async () => {
    await load(
      'time.ndjson',
      lines({
        node: 'Message',
        properties: {
          platform: 'email',
          ref: 'm1@example.com',
          kind: 'email',
          sentPrecision: 'instant',
          sentFrom: '2001-05-14T16:39:00-07:00',
          sentTo: '2001-05-14T16:39:00-07:00',
        },
      }),
    );
    const result = await connection.executor.rows(
      `MATCH (m:Message) WHERE m.sentFrom >= datetime('2001-05-14T23:00:00Z') AND m.sentFrom < datetime('2001-05-15T00:00:00Z')
       RETURN m.id AS id, m.sentFrom.offset AS offset`,
    );
    expect(result).toEqual([{ id: 'message:email:m1@example.com', offset: '-07:00' }]);
  });

  it('records where each node and relationship came from, and each load run', async () => {
    const content = lines(person('Prov Person', { ref: 'prov' }), account('prov'), controls('prov', 'prov'));
    const first = await load('prov.ndjson', content);
    const second = await load('prov.ndjson', content);
    const [row] = await connection.executor.rows<Record<string, unknown>>(
      `MATCH (p:Person)-[c:CONTROLS]->(a:Account)
       RETURN p.loadedFrom AS file, p.loadedRecord AS record, p.loader AS loader, p.loadRuns AS runs,
              c.loadedRecord AS relRecord, a.loadedRecord AS accountRecord`,
    );
    expect(row).toEqual({
      file: 'prov.ndjson',
      record: 'line 1',
      loader: expect.stringMatching(/^ndjson@\d+\.\d+\.\d+$/),
      runs: [first.runId, second.runId],
      relRecord: 'line 3',
      accountRecord: 'line 2',
    });
    const runs = await connection.executor.rows<Record<string, unknown>>(
      'MATCH (r:LoadRun) WHERE r.id IN $ids RETURN r.status AS status, r.files AS files, r.loaded AS loaded ORDER BY r.startedAt',
      { ids: [first.runId, second.runId] },
    );
    expect(runs).toEqual([
      { status: 'finished', files: ['prov.ndjson'], loaded: 3 },
      { status: 'finished', files: ['prov.ndjson'], loaded: 3 },
    ]);
  });

  it('writes nothing on a dry run, but still validates and reports', async () => {
    const summary = await load('dry.ndjson', lines(person('Dry Person'), { node: 'Person' }), true);
    expect(summary).toMatchObject({ dryRun: true, loaded: 1, rejected: 1 });
    const counts = await countByLabelAndType(connection.executor);
    expect(Object.values(counts.nodes).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
