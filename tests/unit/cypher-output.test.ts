import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classify, renderPlan, toPlan } from '../../server/scripts/plan.js';
import type { DriverPlan } from '../../server/scripts/plan.js';
import { OutputClosed, Sink } from '../../server/scripts/sink.js';
import { parseTypedJson } from '../../server/scripts/typed-json.js';
import { resultWriter } from '../../server/scripts/writers.js';
import type { OutputFormat } from '../../server/scripts/output-format.js';

/** Runs two statements' worth of rows through a writer and returns stdout and stderr. */
async function write(format: OutputFormat, statements: 1 | 2) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const notes: string[] = [];
  const writer = resultWriter(format, { sink: new Sink(stream), say: (l) => notes.push(l), statements });
  for (let s = 1; s <= statements; s++) {
    await writer.begin({ statement: s, line: s * 2, columns: ['n', 'text'] });
    await writer.row({ n: s, text: 'a, "b"' });
    await writer.end({ truncated: false, rowCount: 1, counters: s === 2 ? { nodesCreated: 1 } : {} });
  }
  await writer.close();
  return { out: Buffer.concat(chunks).toString('utf8'), notes };
}

describe('result writers', () => {
  it('NDJSON: plain rows for one statement, {statement, row} for several', async () => {
    expect((await write('ndjson', 1)).out).toBe('{"n":1,"text":"a, \\"b\\""}\n');
    const two = await write('ndjson', 2);
    expect(
      two.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { statement: 1, row: { n: 1, text: 'a, "b"' } },
      { statement: 2, row: { n: 2, text: 'a, "b"' } },
    ]);
    expect(two.notes).toEqual(['statement 2: nodesCreated 1']);
  });

  it('CSV: one block per statement, each after a "# statement" comment when there are several', async () => {
    expect((await write('csv', 1)).out).toBe('n,text\n1,"a, ""b"""\n');
    expect((await write('csv', 2)).out).toBe(
      '# statement 1 (line 2)\nn,text\n1,"a, ""b"""\n\n# statement 2 (line 4)\nn,text\n2,"a, ""b"""\n',
    );
  });

  it('JSON: one array with an entry per statement, streamed', async () => {
    const parsed = JSON.parse((await write('json', 2)).out);
    expect(parsed).toEqual([
      {
        statement: 1,
        line: 2,
        columns: ['n', 'text'],
        rows: [{ n: 1, text: 'a, "b"' }],
        truncated: false,
        counters: {},
      },
      {
        statement: 2,
        line: 4,
        columns: ['n', 'text'],
        rows: [{ n: 2, text: 'a, "b"' }],
        truncated: false,
        counters: { nodesCreated: 1 },
      },
    ]);
    expect(JSON.parse((await write('json', 1)).out)).toHaveLength(1);
  });

  it('JSON stays a document when a statement fails, with the error in its entry', async () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const writer = resultWriter('json', { sink: new Sink(stream), say: () => undefined, statements: 2 });
    await writer.begin({ statement: 1, line: 1, columns: ['x'] });
    await writer.row({ x: 1 });
    await writer.fail(1, 1, 'x.cypher:1:1: statement 1: / by zero');
    await writer.close();
    expect(JSON.parse(out)).toEqual([
      { statement: 1, line: 1, columns: ['x'], rows: [{ x: 1 }], error: 'x.cypher:1:1: statement 1: / by zero' },
    ]);
  });

  it('table: a title per statement when there are several, counters under the table', async () => {
    const { out } = await write('table', 2);
    expect(out).toBe(
      [
        '-- statement 1 (line 2)',
        'n | text',
        '--+-------',
        '1 | a, "b"',
        '1 row',
        '',
        '-- statement 2 (line 4)',
        'n | text',
        '--+-------',
        '2 | a, "b"',
        '1 row',
        'nodesCreated 1',
        '',
      ].join('\n'),
    );
  });
});

describe('Sink', () => {
  it('says the output is closed once its reader has gone (EPIPE)', async () => {
    const stream = new PassThrough();
    const sink = new Sink(stream);
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(() => sink.write('x')).toThrow(OutputClosed);
  });
});

const scan: DriverPlan = {
  operatorType: 'NodeByLabelScan@neo4j',
  arguments: { Details: 'p:Person', EstimatedRows: 12.5 },
  rows: 12n,
  dbHits: 13n,
  pageCacheHits: 2n,
  pageCacheMisses: 0n,
};
const profile: DriverPlan = {
  operatorType: 'ProduceResults@neo4j',
  arguments: { Details: 'p', EstimatedRows: 12.5, planner: 'COST', runtime: 'SLOTTED' },
  rows: 12n,
  dbHits: 0n,
  children: [
    {
      operatorType: 'Apply@neo4j',
      rows: 12n,
      dbHits: 24n,
      children: [scan, { operatorType: 'Argument@neo4j', rows: 12n, dbHits: 0n }],
    },
  ],
};

describe('plans', () => {
  it('classifies by query type, and schema commands by the SCHEMA runtime', () => {
    expect(classify('r', scan)).toEqual({ kind: 'read', autoCommit: false });
    expect(classify('rw', scan)).toEqual({ kind: 'write', autoCommit: false });
    expect(classify('s', { operatorType: 'CreateIndex@neo4j', arguments: { runtime: 'SCHEMA' } }).kind).toBe('schema');
    // CALL dbms.components() and SHOW DATABASES are "s" too, but only read.
    expect(classify('s', { operatorType: 'ProcedureCall@neo4j', arguments: { runtime: 'SLOTTED' } }).kind).toBe('read');
    expect(classify('s', { operatorType: 'AdministrationCommand@system', arguments: { runtime: 'SYSTEM' } }).kind).toBe(
      'read',
    );
  });

  it('asks for auto-commit when the plan has CALL { … } IN TRANSACTIONS', () => {
    const foreach = { operatorType: 'EmptyResult@neo4j', children: [{ operatorType: 'TransactionForeach@neo4j' }] };
    expect(classify('w', foreach)).toEqual({ kind: 'write', autoCommit: true });
    expect(classify('r', { operatorType: 'TransactionApply@neo4j' }).autoCommit).toBe(true);
  });

  it('renders an operator tree with rows and db hits, second inputs indented', () => {
    const plan = toPlan(profile, true);
    expect(plan.totalDbHits).toBe(37);
    expect(renderPlan(plan).split('\n')).toEqual([
      'PROFILE, planner COST, runtime SLOTTED, 37 db hits in total',
      'operator        | details  | est. rows | rows | db hits | memory (B) | page cache hits/misses',
      '----------------+----------+-----------+------+---------+------------+-----------------------',
      'ProduceResults  | p        |        13 |   12 |       0 |            |                    0/0',
      'Apply           |          |           |   12 |      24 |            |                    0/0',
      '| Argument      |          |           |   12 |       0 |            |                    0/0',
      'NodeByLabelScan | p:Person |        13 |   12 |      13 |            |                    2/0',
      '',
    ]);
  });
});

describe('parseTypedJson', () => {
  it('keeps integers and floats apart, and names bad JSON by place', () => {
    expect(parseTypedJson('{"a": [1, 1.0, 1e2, -0]}', 'p.json')).toEqual({ a: [1n, 1, 100, 0n] });
    expect(() => parseTypedJson('{"a": }', 'p.json')).toThrow(/^p\.json:1:7: not valid JSON/);
  });
});
