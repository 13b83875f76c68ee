import { describe, expect, it } from 'vitest';
import {
  formatCsv,
  formatJson,
  formatNdjson,
  formatResult,
  formatTable,
  isOutputFormat,
  OUTPUT_FORMATS,
} from '../../server/scripts/output-format.js';
import type { ResultSet } from '../../server/scripts/output-format.js';

const don = {
  id: 'person:donald-trump-jr',
  elementId: '4:abc:1',
  labels: ['Person'],
  properties: { id: 'person:donald-trump-jr', name: 'Donald Trump Jr.' },
};
const account = {
  elementId: '4:abc:2',
  labels: ['Account'],
  properties: { id: 'account:twitter:wikileaks', handle: 'wikileaks' },
};
const message = {
  elementId: '4:abc:3',
  labels: ['Message'],
  properties: { id: 'message:dm-2016-10-12', text: 'Strongly suggest your dad tweets this link' },
};
const sent = {
  elementId: '5:abc:10',
  type: 'SENT',
  startElementId: account.elementId,
  endElementId: message.elementId,
  properties: {},
};
const to = {
  elementId: '5:abc:11',
  type: 'TO',
  startElementId: message.elementId,
  endElementId: don.elementId,
  properties: {},
};

function tableLines(result: ResultSet, options?: Parameters<typeof formatTable>[1]): string[] {
  const text = formatTable(result, options);
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('formatTable', () => {
  it('draws a header, a separator, padded cells and a row count', () => {
    const lines = tableLines({
      columns: ['name', 'messages'],
      rows: [
        { name: 'Donald Trump Jr.', messages: 3 },
        { name: 'WikiLeaks', messages: 12 },
      ],
    });
    expect(lines).toEqual([
      'name             | messages',
      '-----------------+---------',
      'Donald Trump Jr. |        3',
      'WikiLeaks        |       12',
      '2 rows',
    ]);
  });

  it('renders null as empty, arrays as lists and says 1 row', () => {
    const lines = tableLines({ columns: ['a', 'b', 'c'], rows: [{ a: null, b: ['x', 2, true], c: false }] });
    expect(lines).toEqual(['a | b            | c', '--+--------------+------', '  | [x, 2, true] | false', '1 row']);
  });

  it('treats a missing column as null', () => {
    expect(tableLines({ columns: ['a', 'b'], rows: [{ a: 'x' }] })[2]).toBe('x |');
  });

  it('truncates cells past maxWidth with an ellipsis', () => {
    const text = 'Strongly suggest your dad tweets this link if he mentions us';
    const lines = tableLines({ columns: ['text'], rows: [{ text }] }, { maxWidth: 10 });
    expect(lines[2]).toBe('Strongly …');
    expect(lines[1]).toBe('-'.repeat(10));
  });

  it('truncates at 60 characters by default', () => {
    const lines = tableLines({ columns: ['t'], rows: [{ t: 'x'.repeat(100) }] });
    expect(lines[2]).toBe(`${'x'.repeat(59)}…`);
  });

  it('does not split a surrogate pair when truncating', () => {
    const lines = tableLines({ columns: ['t'], rows: [{ t: '🙂🙂🙂🙂' }] }, { maxWidth: 3 });
    expect(lines[2]).toBe('🙂🙂…');
  });

  it('keeps line breaks and escape sequences in data from breaking the table', () => {
    const lines = tableLines({ columns: ['t'], rows: [{ t: 'one\ntwo\u001b[31m' }] });
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('one↵two\\x1b[31m');
  });

  it('says when the rows were truncated', () => {
    const lines = tableLines({ columns: ['n'], rows: [{ n: 1 }, { n: 2 }] }, { truncated: true });
    expect(lines.at(-1)).toBe('2 rows (truncated: there are more; raise --max-rows to see them)');
  });

  it('prints only the count when there are no columns', () => {
    expect(formatTable({ columns: [], rows: [] })).toBe('0 rows\n');
  });

  it('prints the header of an empty result', () => {
    expect(tableLines({ columns: ['name'], rows: [] })).toEqual(['name', '----', '0 rows']);
  });

  it('renders nodes with their labels and caption property', () => {
    const lines = tableLines({ columns: ['p', 'a', 'm'], rows: [{ p: don, a: account, m: message }] });
    expect(lines[2]!.split(' | ')).toEqual([
      '(:Person {name: "Donald Trump Jr."})',
      '(:Account {handle: "wikileaks"})',
      '(:Message {id: "message:dm-2016-10-12"})',
    ]);
  });

  it('renders a node without caption or labels compactly', () => {
    const lines = tableLines({
      columns: ['a', 'b'],
      rows: [
        { a: { elementId: 'x', labels: ['A', 'B'], properties: { other: 1 } }, b: { labels: [], properties: {} } },
      ],
    });
    expect(lines[2]).toBe('(:A:B) | ()');
  });

  it('renders relationships by type', () => {
    expect(tableLines({ columns: ['r'], rows: [{ r: sent }] })[2]).toBe('[:SENT]');
  });

  it('renders paths with captions and arrows in the stored direction', () => {
    const forward = { nodes: [account, message, don], relationships: [sent, to] };
    const backward = { nodes: [don, message, account], relationships: [to, sent] };
    const lines = tableLines({ columns: ['path'], rows: [{ path: forward }, { path: backward }] }, { maxWidth: 100 });
    expect(lines[2]).toBe('(wikileaks)-[:SENT]->(message:dm-2016-10-12)-[:TO]->(Donald Trump Jr.)');
    expect(lines[3]).toBe('(Donald Trump Jr.)<-[:TO]-(message:dm-2016-10-12)<-[:SENT]-(wikileaks)');
  });

  it('renders a list of nodes and a plain map', () => {
    const lines = tableLines(
      { columns: ['ns', 'm'], rows: [{ ns: [don, account], m: { kind: 'dm', n: 1 } }] },
      { maxWidth: 200 },
    );
    expect(lines[2]).toBe(
      '[(:Person {name: "Donald Trump Jr."}), (:Account {handle: "wikileaks"})] | {kind: dm, n: 1}',
    );
  });
});

describe('formatJson and formatNdjson', () => {
  const result: ResultSet = { columns: ['b', 'a'], rows: [{ a: 1, b: 'x' }, { a: null, b: [1, 2] }, { a: 2 }] };

  it('writes one pretty JSON array of rows in column order', () => {
    const text = formatJson(result);
    expect(JSON.parse(text)).toEqual([
      { b: 'x', a: 1 },
      { b: [1, 2], a: null },
      { b: null, a: 2 },
    ]);
    expect(Object.keys(JSON.parse(text)[0])).toEqual(['b', 'a']);
    expect(text).toContain('\n  {\n    "b": "x",\n');
    expect(text.endsWith(']\n')).toBe(true);
  });

  it('writes an empty array for no rows', () => {
    expect(formatJson({ columns: ['a'], rows: [] })).toBe('[]\n');
  });

  it('writes one compact JSON object per line', () => {
    expect(formatNdjson(result)).toBe('{"b":"x","a":1}\n{"b":[1,2],"a":null}\n{"b":null,"a":2}\n');
    expect(formatNdjson({ columns: ['a'], rows: [] })).toBe('');
  });

  it('survives a stray bigint', () => {
    expect(formatNdjson({ columns: ['n', 'big'], rows: [{ n: 5n, big: 2n ** 64n }] })).toBe(
      '{"n":5,"big":"18446744073709551616"}\n',
    );
  });
});

describe('formatCsv', () => {
  it('writes a header and plain fields unquoted', () => {
    expect(formatCsv({ columns: ['name', 'n', 'ok'], rows: [{ name: 'WikiLeaks', n: 3, ok: true }] })).toBe(
      'name,n,ok\nWikiLeaks,3,true\n',
    );
  });

  it('quotes fields with commas, quotes and line breaks, doubling inner quotes', () => {
    const csv = formatCsv({
      columns: ['a', 'b', 'c', 'd'],
      rows: [{ a: 'x,y', b: 'say "hi"', c: 'one\ntwo', d: 'cr\rhere' }],
    });
    expect(csv).toBe('a,b,c,d\n"x,y","say ""hi""","one\ntwo","cr\rhere"\n');
  });

  it('writes null as an empty field and nested values as compact JSON', () => {
    const csv = formatCsv({ columns: ['a', 'list', 'node'], rows: [{ a: null, list: [1, 2], node: account }] });
    expect(csv.split('\n')[1]).toBe(
      ',"[1,2]","{""elementId"":""4:abc:2"",""labels"":[""Account""],""properties"":{""id"":""account:twitter:wikileaks"",""handle"":""wikileaks""}}"',
    );
  });

  it('quotes header names that need it', () => {
    expect(formatCsv({ columns: ['count(n), total'], rows: [] })).toBe('"count(n), total"\n');
  });
});

describe('formatResult', () => {
  const result: ResultSet = { columns: ['n'], rows: [{ n: 1 }] };

  it('dispatches every output format', () => {
    expect(OUTPUT_FORMATS).toEqual(['table', 'json', 'ndjson', 'csv']);
    expect(formatResult('table', result, { truncated: true })).toBe(formatTable(result, { truncated: true }));
    expect(formatResult('json', result)).toBe(formatJson(result));
    expect(formatResult('ndjson', result)).toBe(formatNdjson(result));
    expect(formatResult('csv', result)).toBe(formatCsv(result));
  });

  it('recognises format names', () => {
    expect(isOutputFormat('csv')).toBe(true);
    expect(isOutputFormat('xml')).toBe(false);
  });
});
