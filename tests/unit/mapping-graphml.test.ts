/**
 * GraphML on fixtures: a Gephi-like graph through the default mapping, a yEd-like one (labels in the
 * graphics data) through an explicit mapping with sources; broken files and edge cases.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphmlParser, loadMapping, parseMapping } from '../../server/ingest/mapping/index.js';
import { toWrites } from '../../server/model/records.js';
import { at, collect, end, org, person } from '../fixtures/mapping/collect.js';
import type { Collected } from '../fixtures/mapping/collect.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'mapping');
const GEPHI = path.join(FIXTURES, 'gephi.graphml');
const YED = path.join(FIXTURES, 'yed.graphml');

const DEFAULT_DESCRIPTION = 'From the Gephi fixture.';
// No mapping: a node's GraphML id is its ref, scoped by the file's name (gephi.graphml: gephi).
const TRUMP = end('Person', { ref: 'gephi:n0' });
const TRUMP_ORG = end('Organization', { ref: 'gephi:n1' });

describe('GraphML with the default mapping (Gephi-like)', () => {
  let out: Collected;
  beforeAll(async () => {
    out = await collect(graphmlParser(), GEPHI);
  });

  it('picks labels from a type attribute (any case), names from label, applies key defaults', () => {
    expect(at(out, 'node n0')).toEqual([
      { node: 'Person', properties: { name: 'Donald J. Trump', ref: 'gephi:n0', description: DEFAULT_DESCRIPTION } },
    ]);
    expect(at(out, 'node n1')).toEqual([
      {
        node: 'Organization',
        properties: {
          name: 'Trump Organization',
          ref: 'gephi:n1',
          orgType: 'company',
          description: 'The family business & its holdings.',
        },
      },
    ]);
    expect(at(out, 'node n4')).toEqual([
      { node: 'Person', properties: { name: 'Michael Cohen', ref: 'gephi:n4', description: DEFAULT_DESCRIPTION } },
    ]);
  });

  it('makes an untyped node a Person, and rejects a type the model does not have', () => {
    expect(at(out, 'node n2')).toEqual([
      { node: 'Person', properties: { name: 'Paul Manafort', ref: 'gephi:n2', description: DEFAULT_DESCRIPTION } },
    ]);
    expect(out.errors.find((e) => e.where.record === 'node n3')).toEqual({
      where: { file: GEPHI, line: 29, record: 'node n3' },
      error: 'default node: the type "event" names no label of the model; write a mapping with a node section',
      raw: JSON.stringify({ description: DEFAULT_DESCRIPTION, label: 'Inauguration', type: 'event', '@id': 'n3' }),
    });
  });

  it('picks a relationship type an edge names, with its properties', () => {
    expect(at(out, 'edge e0')).toEqual([
      { relationship: 'AFFILIATED_WITH', from: TRUMP, to: TRUMP_ORG, properties: { role: 'President' } },
    ]);
  });

  // CONNECTED_TO: the default type for other edges, since the model has it (else AFFILIATED_WITH).
  it('gives other edges the default type, their label as its required property', () => {
    expect(at(out, 'edge e1')).toEqual([
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: 'gephi:n2' }),
        to: TRUMP,
        properties: { connection: 'Campaign chairman' },
      },
    ]);
  });

  it('holds an edge read before its node until the end of the file', () => {
    expect(at(out, 'edge e2')).toEqual([
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: 'gephi:n4' }),
        to: TRUMP_ORG,
        properties: { connection: 'Lawyer' },
      },
    ]);
    const order = out.records.map((r) => r.where.record);
    expect(order.indexOf('edge e2')).toBeGreaterThan(order.indexOf('node n4'));
  });

  it('rejects edges to rejected or missing nodes, and edges without a required property', () => {
    expect(
      out.errors.filter((e) => e.where.record?.startsWith('edge')).map((e) => [e.where.record, e.where.line, e.error]),
    ).toEqual([
      ['edge e3', 44, 'its target node "n3" was rejected'],
      [
        'edge e5',
        46,
        // The index follows the model's list of relationship types.
        expect.stringMatching(
          /^default edge\.relationships\[\d+\]: AFFILIATED_WITH: properties\.role: required, and this row has no value for it$/,
        ),
      ],
      ['edge e4', 45, 'its target node "n9" is not in the file'],
    ]);
  });

  it('warns about what it skips, and yields only records the model accepts', () => {
    expect(out.warnings).toEqual([
      { where: { file: GEPHI, line: 53 }, warning: '<hyperedge> elements are not supported and were skipped' },
    ]);
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();
    expect(out.bytes).toBe(statSync(GEPHI).size);
  });
});

describe('GraphML with a mapping (yEd-like)', () => {
  let out: Collected;
  const page = 'https://www.justice.gov/ag/staff-profile/meet-attorney-general';
  beforeAll(async () => {
    out = await collect(graphmlParser(await loadMapping(path.join(FIXTURES, 'graphml.yaml'))), YED);
  });

  it('reads node labels from the graphics data, across lines', () => {
    expect(out.records.filter((r) => r.where.record?.startsWith('node')).map((r) => r.record)).toEqual([
      person('Donald J. Trump', 'graphml:n0'),
      {
        node: 'Organization',
        properties: {
          name: 'Department of Justice',
          ref: 'graphml:n1',
          orgType: 'federal agency',
          description: 'The <federal> department of justice.',
        },
      },
      person('Jeff Sessions', 'graphml:n2'),
    ]);
  });

  it('maps edges by the label of their target, with the source an edge attribute gives', () => {
    expect(at(out, 'edge e0')).toEqual([
      {
        node: 'Source',
        properties: { ref: page, url: page, title: `${page}?utm_campaign=x`, publisher: 'justice.gov' },
      },
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Person', { ref: 'graphml:n2' }),
        to: end('Organization', { ref: 'graphml:n1' }),
        properties: { role: 'Attorney General' },
        sources: [{ source: page, quote: 'Attorney General' }],
      },
    ]);
    expect(at(out, 'edge e1')).toEqual([
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: 'graphml:n0' }),
        to: end('Person', { ref: 'graphml:n2' }),
        properties: { connection: 'Nominated' },
      },
    ]);
    expect(out.errors).toEqual([]);
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();
  });

  it('attaches edges to the endpoint template a mapping names', async () => {
    const mapping = parseMapping({
      node: {
        endpoint: 'entity',
        nodes: [
          { name: 'kind', label: 'Source', properties: { ref: '{kind}', publisher: 'yEd', title: '{kind}' } },
          { name: 'entity', label: 'Person', properties: { name: { column: 'label' } } },
        ],
      },
      defaults: { edgeType: 'CONNECTED_TO' },
    });
    const records = (await collect(graphmlParser(mapping), YED)).records.map((r) => r.record);
    expect(records.filter((r) => r.relationship)).toEqual([
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: 'mapping:n2' }),
        to: end('Person', { ref: 'mapping:n1' }),
        properties: { connection: 'Attorney General' },
      },
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: 'mapping:n0' }),
        to: end('Person', { ref: 'mapping:n2' }),
        properties: { connection: 'Nominated' },
      },
    ]);
  });
});

describe('GraphML: broken files', () => {
  it('keeps what came before a syntax error, then reports it with its line', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'graphml-')), 'broken.graphml');
    writeFileSync(
      file,
      [
        '<graphml><key id="t" for="node" attr.name="type"/><graph>',
        '<node id="a"><data key="t">organization</data><data key="name">Acme</data></node>',
        '<node id="b" class=x><data key="t">person</data></node>',
        '<node id="c"><data key="t">person</data></node></graph></graphml>',
      ].join('\n'),
    );
    const out = await collect(graphmlParser(), file);
    expect(out.records.map((r) => r.record)).toEqual([org('Acme', 'broken:a')]);
    expect(out.warnings.map((w) => w.warning)).toEqual(['<data key="name"> has no <key> declaration; read as "name"']);
    expect(out.errors).toEqual([
      {
        where: { file, line: 3 },
        error: expect.stringMatching(/^invalid GraphML: .*3:\d+: unquoted attribute value/),
        raw: '',
      },
    ]);
  });
});
