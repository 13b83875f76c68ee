/**
 * Mappings for real exports (issue 13, finding 5): node-link JSON whose edges name nodes by the
 * source's ids, CSV rows naming other rows by id, `each` items that fail skipped with a warning,
 * every row accounted for, and conditions with a list inside `any:`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappedCsvParser, mappedJsonParser, parseMapping } from '../../server/ingest/mapping/index.js';
import type { RowOutcome } from '../../server/ingest/types.js';
import { toWrites } from '../../server/model/records.js';
import { collect, end } from '../fixtures/mapping/collect.js';

function write(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-joins-')), name);
  writeFileSync(file, text);
  return file;
}

// networkx's node_link_data, Cytoscape, sigma and Linkurious export this shape.
const NODE_LINK = {
  dataset: 'club',
  nodes: [
    {
      name: 'entity',
      records: 'nodes',
      label: { column: 'type', map: { person: 'Person', organization: 'Organization' }, otherwise: 'error' },
      ref: { column: 'id' },
      properties: { name: { first: [{ column: 'label' }, '{id}'] } },
    },
  ],
  relationships: [
    {
      type: 'CONNECTED_TO',
      records: 'edges',
      from: { node: 'entity', id: { column: 'source' } },
      to: { node: 'entity', id: { column: 'target' } },
      properties: { connection: { first: [{ column: 'label' }, 'unspecified'] } },
    },
  ],
};

describe('joins by id: a node-link JSON document', () => {
  const document = {
    directed: true,
    edges: [
      { source: 1, target: 2, label: 'director' },
      { source: 3, target: 1 },
      { source: 1, target: 9, label: 'ghost' },
    ],
    nodes: [
      { id: 1, label: 'Ann', type: 'person' },
      { id: 2, label: 'Acme', type: 'organization' },
      { id: 3, label: 'Ann', type: 'person' },
    ],
  };

  it("maps nodes and edges from their arrays, edges to the nodes' label and ref", async () => {
    const file = write('graph.json', JSON.stringify(document));
    const out = await collect(mappedJsonParser(parseMapping(NODE_LINK)), file);
    expect(out.records.map((r) => [r.where.pointer, r.record])).toEqual([
      ['/nodes/0', { node: 'Person', properties: { name: 'Ann', ref: 'club:1' } }],
      ['/nodes/1', { node: 'Organization', properties: { name: 'Acme', ref: 'club:2' } }],
      ['/nodes/2', { node: 'Person', properties: { name: 'Ann', ref: 'club:3' } }],
      // The arrays are read in the order the templates name them, whatever the order of the keys.
      [
        '/edges/0',
        {
          relationship: 'CONNECTED_TO',
          from: end('Person', { ref: 'club:1' }),
          to: end('Organization', { ref: 'club:2' }),
          properties: { connection: 'director' },
        },
      ],
      [
        '/edges/1',
        {
          relationship: 'CONNECTED_TO',
          from: end('Person', { ref: 'club:3' }),
          to: end('Person', { ref: 'club:1' }),
          properties: { connection: 'unspecified' },
        },
      ],
    ]);
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();
  });

  it('rejects an edge naming an unknown id, with its place', async () => {
    const file = write('graph.json', JSON.stringify(document));
    const out = await collect(mappedJsonParser(parseMapping(NODE_LINK)), file);
    expect(out.errors).toEqual([
      {
        where: { file, pointer: '/edges/2' },
        error: 'relationships[0].to.id: no node "entity" with id "9" in this file',
        raw: JSON.stringify(document.edges[2]),
      },
    ]);
  });

  it('refuses a same-row endpoint in another array, and a join to a template without identity', () => {
    expect(() =>
      parseMapping({ ...NODE_LINK, relationships: [{ ...NODE_LINK.relationships[0], from: 'entity' }] }, 'g.yaml'),
    ).toThrow(/relationships\[0\]\.from: the node template "entity" reads "nodes", this relationship "edges"/);
    expect(() => mappedCsvParser(parseMapping(NODE_LINK))).toThrow(
      /records: picks an array of a JSON document; a CSV file has rows only/,
    );
    const url = { name: 'u', label: 'Url', properties: { url: '{u}' } };
    expect(() =>
      parseMapping(
        { nodes: [url], relationships: [{ type: 'LINKS_TO', from: { node: 'u', id: '{x}' }, to: 'u' }] },
        'g.yaml',
      ),
    ).toThrow(/relationships\[0\]\.from\.node: a join by id needs the node template "u" to give ref:/);
  });
});

describe('joins by id: rows of a CSV', () => {
  const mapping = parseMapping({
    dataset: 'staff',
    nodes: [{ name: 'person', label: 'Person', ref: '{id}', properties: { name: '{name}' } }],
    relationships: [
      {
        type: 'CONNECTED_TO',
        from: 'person',
        to: { node: 'person', id: { column: 'manager' } },
        properties: { connection: 'reports to' },
      },
    ],
  });

  it('links a row to a row before or after it by id, and rejects an id no row gives', async () => {
    const file = write('staff.csv', 'id,name,manager\n1,Ann,2\n2,Bob,\n3,Cy,1\n4,Di,7\n');
    const out = await collect(mappedCsvParser(mapping), file);
    const reports = (from: string, to: string) => ({
      relationship: 'CONNECTED_TO',
      from: end('Person', { ref: `staff:${from}` }),
      to: end('Person', { ref: `staff:${to}` }),
      properties: { connection: 'reports to' },
    });
    expect(out.records.map((r) => [r.where.line, r.record])).toEqual([
      [3, { node: 'Person', properties: { name: 'Bob', ref: 'staff:2' } }],
      // Line 4 names Ann (line 2), who is still waiting for Bob: it waits too, and both load at the end.
      [2, { node: 'Person', properties: { name: 'Ann', ref: 'staff:1' } }],
      [2, reports('1', '2')],
      [4, { node: 'Person', properties: { name: 'Cy', ref: 'staff:3' } }],
      [4, reports('3', '1')],
    ]);
    expect(out.errors.map((e) => [e.where.line, e.error])).toEqual([
      [5, 'relationships[0].to.id: no node "person" with id "7" in this file'],
    ]);
  });
});

describe('each: a bad item is skipped with a warning, not the row', () => {
  const mapping = parseMapping({
    nodes: [
      { name: 'author', label: 'Account', properties: { platform: 'twitter', handle: '{user}' } },
      {
        name: 'tweet',
        label: 'Message',
        properties: { platform: 'twitter', ref: '{id}', kind: 'tweet', text: '{text}' },
      },
      { name: 'link', label: 'Url', each: { column: 'urls[*]', url: true }, properties: { url: '{@item}' } },
      { name: 'page', label: 'Url', each: { column: 'pages[*]' }, properties: { url: '{@item}' } },
    ],
    relationships: [
      { type: 'SENT', from: 'author', to: 'tweet' },
      { type: 'LINKS_TO', from: 'tweet', to: 'link' },
      { type: 'LINKS_TO', from: 'tweet', to: 'page' },
    ],
  });

  it('keeps the message, its author and its good links; warns once per bad item', async () => {
    const row = {
      id: '7',
      user: 'ann',
      text: 'see',
      urls: ['https://example.org/a', 'https://…'],
      pages: ['http://localhost-not-a-site', 'https://example.org/b'],
    };
    const file = write('tweets.ndjson', `${JSON.stringify(row)}\n`);
    const out = await collect(mappedJsonParser(mapping), file);
    expect(out.errors).toEqual([]);
    expect(out.records.map((r) => r.record.node ?? r.record.relationship)).toEqual([
      'Account',
      'Message',
      'Url',
      'Url',
      'SENT',
      'LINKS_TO',
      'LINKS_TO',
    ]);
    expect(out.records.filter((r) => r.record.node === 'Url').map((r) => r.record.properties)).toEqual([
      { url: 'https://example.org/a' },
      { url: 'https://example.org/b' },
    ]);
    expect(out.warnings).toEqual([
      {
        where: { file, line: 1 },
        warning: expect.stringMatching(/^nodes\[2\]\.each\.url: .*"https:\/\/…".*; the item was skipped$/),
      },
      {
        where: { file, line: 1 },
        warning: expect.stringMatching(/^nodes\[3\]: Url: .*; the item "http:\/\/localhost-not-a-site" was skipped$/),
      },
    ]);
  });
});

describe('every row accounted for', () => {
  it('tells each row: loaded, rejected or produced nothing; and warns of the rows that produced nothing', async () => {
    const mapping = parseMapping({
      nodes: [
        {
          name: 'p',
          label: 'Person',
          key: 'name',
          // A list inside any: all of its conditions.
          when: {
            any: [
              [
                { column: 'name', notEmpty: true },
                { column: 'kind', equals: 'person' },
              ],
              { column: 'kind', equals: 'vip' },
            ],
          },
          properties: { name: '{name}' },
        },
      ],
    });
    const file = write('people.csv', 'name,kind\nAnn,person\nBob,company\n,vip\nCy,vip\nDi\n');
    const outcomes: [RowOutcome, number | undefined][] = [];
    const out = { records: 0, errors: [] as string[], warnings: [] as string[] };
    for await (const item of mappedCsvParser(mapping)(file, { onRow: (o, where) => outcomes.push([o, where.line]) })) {
      if ('record' in item) out.records++;
      else if ('error' in item) out.errors.push(item.error);
      else out.warnings.push(item.warning);
    }
    expect(outcomes).toEqual([
      ['loaded', 2],
      ['nothing', 3],
      ['rejected', 4], // vip with no name: the model requires one
      ['loaded', 5],
      ['rejected', 6], // a short row
    ]);
    expect(out.records).toBe(2);
    expect(out.errors).toHaveLength(2);
    expect(out.warnings).toEqual(['1 row produced no record (no template applied); the first is here']);
  });
});
