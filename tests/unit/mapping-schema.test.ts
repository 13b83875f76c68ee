/**
 * Mapping files are checked before any row is read, and every problem names its path in the mapping.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  graphmlParser,
  loadMapping,
  mappedCsvParser,
  MappingError,
  parseMapping,
} from '../../server/ingest/mapping/index.js';
import { parseMappingText } from '../../server/ingest/mapping/index.js';
import { RELATIONSHIPS } from '../../server/model/graph-model.js';
import { collect } from '../fixtures/mapping/collect.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'mapping');
const SAMPLE = path.join(FIXTURES, 'trumpworld-sample.csv');

const person = { name: 'p', label: 'Person', key: 'name', properties: { name: { column: 'Entity A' } } };
const org = {
  name: 'o',
  label: 'Organization',
  ref: { column: 'Entity B' },
  properties: { name: { column: 'Entity B' } },
};

function problems(raw: unknown): string[] {
  try {
    parseMapping(raw, 'm.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as MappingError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the mapping to be refused');
}

describe('mapping validation: the model', () => {
  it('refuses an unknown label, naming the path and the labels there are', () => {
    const [problem] = problems({ nodes: [{ ...person, label: 'Persn' }] });
    expect(problem).toMatch(/^nodes\[0\]\.label: unknown label "Persn"; the model has Person, Organization/);
  });

  it('refuses a label picked by a map when one of its values is no label', () => {
    const label = { column: 'Entity A Type', map: { Person: 'Person', Agency: 'Agncy' }, otherwise: 'error' };
    expect(problems({ nodes: [{ ...person, label }] })).toEqual([
      expect.stringMatching(/^nodes\[0\]\.label: unknown label "Agncy"/),
    ]);
  });

  it('refuses bookkeeping labels', () => {
    expect(problems({ nodes: [{ name: 'r', label: 'LoadRun', properties: { ref: 'x' } }] })[0]).toMatch(
      /^nodes\[0\]\.label: LoadRun is bookkeeping/,
    );
  });

  it('refuses a property the label does not have, listing those it has', () => {
    const [problem] = problems({ nodes: [{ ...person, properties: { nmae: { column: 'Entity A' } } }] });
    expect(problem).toMatch(/^nodes\[0\]\.properties\.nmae: Person has no property "nmae" \(it has .*name, .*\)$/);
  });

  it('requires the key and required properties of the label', () => {
    expect(problems({ nodes: [{ name: 's', label: 'Source', properties: { ref: 'x' } }] })).toEqual([
      'nodes[0].properties: a Source needs "publisher" and "title"',
    ]);
  });

  it('refuses unknown relationship types, unknown templates and endpoints the type does not allow', () => {
    const found = problems({
      nodes: [person, org],
      relationships: [
        { type: 'KNOWS', from: 'p', to: 'o' },
        { type: 'AFFILIATED_WITH', from: 'p', to: 'x', properties: { role: 'r' } },
        { type: 'AFFILIATED_WITH', from: 'o', to: 'p', properties: { role: 'r' } },
        { type: 'AFFILIATED_WITH', from: 'p', to: 'o' },
        { type: 'SENT', from: 'p', to: 'o', properties: { role: 'r' } },
        { type: 'MENTIONS', from: 'p', to: 'o', properties: { sourceIds: ['a'] } },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(/^relationships\[0\]\.type: unknown relationship type "KNOWS"; the model has SENT, TO/),
      'relationships[1].to: no node template named "x" (templates: p, o)',
      'relationships[2].to: the node template "p" is a Person, but AFFILIATED_WITH to Organization',
      'relationships[3].properties: AFFILIATED_WITH needs "role"',
      'relationships[4].to: the node template "o" is an Organization, but SENT to Message',
      'relationships[4].properties.role: SENT has no property "role"',
      'relationships[5].from: the node template "p" is a Person, but MENTIONS from Message',
      'relationships[5].properties.sourceIds: sourceIds is set from `sources`, not as a property',
    ]);
  });

  it('only cites node templates whose label is the constant Source', () => {
    const found = problems({
      nodes: [person, org],
      relationships: [
        {
          type: 'CONNECTED_TO',
          from: 'p',
          to: 'o',
          properties: { connection: 'x' },
          sources: [{ source: 'o', quote: 'q' }],
        },
        {
          type: 'CONNECTED_TO',
          from: 'p',
          to: 'o',
          properties: { connection: 'x' },
          sources: [{ source: 'z', quote: 'q' }],
        },
      ],
    });
    expect(found).toEqual([
      'relationships[0].sources[0].source: the node template "o" must have the constant label Source to be cited',
      'relationships[1].sources[0].source: no node template named "z"',
    ]);
  });

  it('relies on the model having CONNECTED_TO between parties, keyed by its required connection', () => {
    // The TrumpWorld mapping uses it for connections to a person (the model had no such type before).
    expect(RELATIONSHIPS).toHaveProperty('CONNECTED_TO');
    const def = RELATIONSHIPS.CONNECTED_TO;
    expect([def.from, def.to, def.key]).toEqual([
      ['Person', 'Organization'],
      ['Person', 'Organization'],
      ['connection'],
    ]);
    expect(def.properties.connection.required).toBe(true);
  });
});

describe('mapping validation: the file itself', () => {
  it('names the path of a typo in a value, a condition and a template', () => {
    const found = problems({
      nodes: [
        {
          ...person,
          when: { column: 'Entity A', equal: 'x' },
          properties: { name: { colum: 'Entity A' }, description: { column: 'Entity A', value: 'x' } },
        },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(/^nodes\[0\]\.when: Unrecognized key: "equal"/),
      expect.stringMatching(/^nodes\[0\]\.properties\.name: Unrecognized key: "colum"/),
      'nodes[0].properties.description: give only one of column, value, template, first (got column and value)',
    ]);
  });

  it('compiles regular expressions, date patterns and templates up front', () => {
    const found = problems({
      nodes: [
        {
          name: 'p',
          label: 'Person',
          key: 'name',
          each: { column: 'A', split: ';', match: '([' },
          properties: { name: '{@item', description: { column: 'B', date: 'Q/D' } },
        },
        { name: 'q', label: 'Person', key: 'name', properties: { name: '{@item}' } },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(/^nodes\[0\]\.properties\.name: unclosed "\{" in template "\{@item"/),
      'nodes[0].properties.description.date: date pattern "Q/D" needs one year (YYYY or YY), one month (M or MM) and one day (D or DD), or "iso"',
      expect.stringMatching(/^nodes\[0\]\.each\.match: invalid regular expression/),
      'nodes[1].properties.name: @item is only available in a node template with `each`',
    ]);
  });

  it('wants one test per condition, and a column for it', () => {
    expect(problems({ nodes: [{ ...person, when: { column: 'A', matches: 'x', notEmpty: true } }] })).toEqual([
      'nodes[0].when: a condition has one test (got notEmpty and matches)',
    ]);
    expect(problems({ nodes: [{ ...person, when: [{ column: 'A', notEmpty: true }, { equals: 'x' }] }] })).toEqual([
      'nodes[0].when[1].column: equals needs a column',
    ]);
    expect(problems({ nodes: [{ ...person, when: { not: { column: 'A' } } }] })).toEqual([
      'nodes[0].when.not: a condition needs one of equals, in, notEmpty, matches, not, any, all',
    ]);
  });

  it('reports every problem at once, each line with the file and the path', () => {
    try {
      parseMapping(
        {
          nodes: [
            { ...person, label: 'X' },
            { ...org, properties: {} },
          ],
        },
        'people.yaml',
      );
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        expect.stringMatching(/^people\.yaml: nodes\[0\]\.label: unknown label "X"/),
        'people.yaml: nodes[1].properties: an Organization needs "name"',
      ]);
    }
  });

  it('tells a rows mapping from a GraphML one, and refuses a mix', () => {
    expect(problems({})).toEqual([': a mapping needs `nodes` (CSV/JSON rows) or `node`/`edge` (GraphML)']);
    expect(problems({ nodes: [person], edge: { relationships: [] } })[0]).toMatch(/not both/);
    expect(() => mappedCsvParser(parseMapping({ defaults: {} }))).toThrow(/this is a GraphML mapping/);
    expect(() => graphmlParser(parseMapping({ nodes: [person] }))).toThrow(/this is a rows mapping/);
  });

  it('checks GraphML sections: endpoints, the endpoint template, the defaults', () => {
    const found = problems({
      node: { nodes: [{ name: 'e', label: 'Person', properties: { name: { column: '@id' } } }], endpoint: 'x' },
      edge: { relationships: [{ type: 'CONNECTED_TO', from: '@src', to: '@target', properties: { connection: 'x' } }] },
    });
    expect(found).toEqual([
      'edge.relationships[0].from: no node template named "@src" (templates: @source, @target)',
      'node.endpoint: no node template named "x" (templates: e)',
    ]);
    expect(problems({ defaults: { nodeLabel: 'Human', edgeType: 'KNOWS' } })).toEqual([
      expect.stringMatching(/^defaults\.nodeLabel: unknown label "Human"/),
      expect.stringMatching(/^defaults\.edgeType: unknown relationship type "KNOWS"/),
    ]);
    expect(problems({ nodes: [{ ...person, properties: { name: { column: '@source' } } }] })).toEqual([
      'nodes[0].properties.name.column: unknown column "@source": names starting with @ are @item',
    ]);
  });

  it('reads YAML and JSON, reporting syntax errors', async () => {
    expect(() => parseMappingText('nodes: [', 'bad.yaml')).toThrow(/^bad\.yaml: invalid YAML/);
    expect(() => parseMappingText('{"nodes": ', 'bad.json')).toThrow(/^bad\.json: invalid JSON/);
    expect(() => parseMappingText('nodes: []\nnodes: []\n', 'twice.yaml')).toThrow(/invalid YAML/);
    const json = parseMappingText(JSON.stringify({ nodes: [person] }), 'm.json');
    expect(json.kind).toBe('rows');
    await expect(loadMapping(path.join(FIXTURES, 'letters.yaml'))).resolves.toMatchObject({ kind: 'rows' });
  });
});

describe('mapping validation: the header', () => {
  it('checks every column against the header before reading a row', async () => {
    const mapping = parseMapping(
      {
        nodes: [
          person,
          {
            name: 'b',
            label: 'Person',
            key: 'name',
            properties: { name: { column: 'Entity C' }, description: '{entity a} and {Entity B}' },
          },
        ],
      },
      'm.yaml',
    );
    const seen: unknown[] = [];
    const run = async () => {
      for await (const item of mappedCsvParser(mapping)(SAMPLE)) seen.push(item);
    };
    await expect(run()).rejects.toThrow(MappingError);
    expect(seen).toEqual([]);
    try {
      await run();
    } catch (error) {
      const messages = (error as MappingError).issues.map((i) => `${i.path}: ${i.message}`);
      expect(messages).toEqual([
        expect.stringMatching(
          /^nodes\[1\]\.properties\.name\.column: unknown column "Entity C"; .*trumpworld-sample\.csv has "Entity A Type", "Entity A"/,
        ),
        expect.stringMatching(
          /^nodes\[1\]\.properties\.description: unknown column "entity a" \(did you mean "Entity A"\?\)/,
        ),
      ]);
    }
  });

  it('warns when a constant property value is also a column name', async () => {
    const mapping = parseMapping({
      nodes: [{ name: 'p', label: 'Person', key: 'name', properties: { name: 'Entity A' } }],
    });
    const { warnings, records } = await collect(mappedCsvParser(mapping), SAMPLE);
    expect(warnings.map((w) => w.warning)).toEqual([
      'mapping: nodes[0].properties.name: the constant "Entity A" is also a column name; write "{Entity A}" or {column: Entity A} to read the column',
    ]);
    expect(records.map((r) => r.record)).toEqual([
      { node: 'Person', properties: { name: 'Entity A', ref: 'mapping:name:Entity A' } },
    ]);
  });

  it('checks the attributes an explicit GraphML mapping reads against the declared keys', async () => {
    const mapping = parseMapping(
      { node: { nodes: [{ name: 'e', label: 'Person', properties: { name: { column: 'fullname' } } }] } },
      'g.yaml',
    );
    await expect(collect(graphmlParser(mapping), path.join(FIXTURES, 'gephi.graphml'))).rejects.toThrow(
      /^g\.yaml: node\.nodes\[0\]\.properties\.name\.column: unknown node attribute "fullname"; .* declares "label", "type", "orgType", "description" for nodes/,
    );
  });
});
