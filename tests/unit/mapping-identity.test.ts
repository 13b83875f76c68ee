/**
 * Identity in mappings (issue 13, finding 1): people and organizations keep the identity their
 * source gives them, scoped by the dataset; names are a key only where a mapping declares it, within
 * its dataset. Tested on the records the mapping produces (pure, no database).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphmlParser, MappingError, parseMapping } from '../../server/ingest/mapping/index.js';
import type { RowsMapping } from '../../server/ingest/mapping/index.js';
import { toWrites } from '../../server/model/records.js';
import { collect, end } from '../fixtures/mapping/collect.js';

/** The records one row gives, straight from the compiled mapping. */
function mapRow(mapping: RowsMapping, row: Record<string, unknown>): Record<string, unknown>[] {
  return mapping.rows.map({ get: (c) => row[c] }, { dataset: mapping.dataset }).records;
}

function refusal(raw: unknown, origin = 'm.yaml'): string {
  try {
    parseMapping(raw, origin);
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as Error).message;
  }
  throw new Error('expected the mapping to be refused');
}

const officer = { name: 'officer', label: 'Person', properties: { name: '{name}' } };
const company = { name: 'company', label: 'Organization', properties: { name: '{company}' } };
const link = { type: 'AFFILIATED_WITH', from: 'officer', to: 'company', properties: { role: 'officer' } };

describe('identity: what a mapping must say', () => {
  it('refuses a Person or Organization template that gives no identity, naming the rule', () => {
    expect(refusal({ nodes: [{ ...officer, name: 'a' }] })).toBe(
      "m.yaml: nodes[0] 'a' (Person): give ref: (the source's own id) or key: name",
    );
    const label = { column: 'type', map: { p: 'Person', o: 'Organization' }, otherwise: 'error' };
    expect(refusal({ nodes: [{ ...officer, label }] })).toBe(
      "m.yaml: nodes[0] 'officer' (Person|Organization): give ref: (the source's own id) or key: name",
    );
  });

  it('refuses a ref written as a property, both forms at once, and identity on other labels', () => {
    expect(refusal({ nodes: [{ ...officer, key: 'name', properties: { name: '{name}', ref: '{id}' } }] })).toMatch(
      /^m\.yaml: nodes\[0\]\.properties\.ref: the ref of Person is made from the template's ref: \(or key: name\)/,
    );
    expect(refusal({ nodes: [{ ...officer, key: 'name', ref: '{id}' }] })).toBe(
      "m.yaml: nodes[0]: 'officer': give ref: or key: name, not both",
    );
    expect(
      refusal({
        nodes: [{ name: 'x', label: 'Account', ref: '{id}', properties: { platform: 'email', handle: '{h}' } }],
      }),
    ).toMatch(/^m\.yaml: nodes\[0\]\.ref: ref: and key: name identify Person, Organization/);
    expect(refusal({ nodes: [{ ...officer, key: 'email' }] })).toMatch(
      /^m\.yaml: nodes\[0\]\.key: key: name is the only key a mapping declares/,
    );
  });
});

describe('identity: the records', () => {
  it("scopes the source's id by the dataset, the mapping file's name by default", () => {
    const mapping = parseMapping(
      {
        nodes: [
          { ...officer, ref: { column: 'officer_id' } },
          { ...company, ref: '{company_id}' },
        ],
        relationships: [link],
      },
      '/somewhere/registry.yaml',
    ) as RowsMapping;
    expect(mapping.dataset).toBe('registry');
    const records = mapRow(mapping, { officer_id: ' 17 ', name: 'THE BEARER', company_id: 'C-9', company: 'Acme' });
    expect(records).toEqual([
      { node: 'Person', properties: { name: 'THE BEARER', ref: 'registry:17' } },
      { node: 'Organization', properties: { name: 'Acme', ref: 'registry:C-9' } },
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Person', { ref: 'registry:17' }),
        to: end('Organization', { ref: 'registry:C-9' }),
        properties: { role: 'officer' },
      },
    ]);
    for (const record of records) expect(() => toWrites(record)).not.toThrow();
  });

  it('keeps two officers of one name apart, and the same id in two datasets apart', () => {
    const spec = { nodes: [{ ...officer, ref: '{id}' }] };
    const a = parseMapping({ ...spec, dataset: 'registry' }) as RowsMapping;
    const b = parseMapping({ ...spec, dataset: 'leaks' }) as RowsMapping;
    const id = (m: RowsMapping, row: Record<string, unknown>) =>
      toWrites(mapRow(m, row)[0]!).map((w) => (w.kind === 'node' ? w.id : ''))[0];
    const ids = [
      id(a, { id: '1', name: 'THE BEARER' }),
      id(a, { id: '2', name: 'THE BEARER' }),
      id(b, { id: '1', name: 'THE BEARER' }),
    ];
    expect(new Set(ids).size).toBe(3);
  });

  it('makes the name the key within the dataset for key: name, whitespace collapsed, nothing else changed', () => {
    const mapping = parseMapping({ dataset: 'trumpworld', nodes: [{ ...officer, key: 'name' }] }) as RowsMapping;
    expect(mapRow(mapping, { name: '  DONALD   J.\tTRUMP ' })).toEqual([
      { node: 'Person', properties: { name: 'DONALD   J.\tTRUMP', ref: 'trumpworld:name:DONALD J. TRUMP' } },
    ]);
    // Punctuation and case are the source's: another spelling is another entity (for a same-as proposal).
    expect(mapRow(mapping, { name: 'Donald J Trump' })[0]).toMatchObject({
      properties: { ref: 'trumpworld:name:Donald J Trump' },
    });
  });

  it('rejects a row whose id is empty, naming the template', () => {
    const mapping = parseMapping({ nodes: [{ ...officer, ref: '{id}' }] }) as RowsMapping;
    expect(() => mapRow(mapping, { id: ' ', name: 'Ann' })).toThrow(
      "nodes[0].ref: no ref for this row (the source's id is empty)",
    );
  });
});

describe('identity: GraphML', () => {
  const bearers = () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'identity-')), 'bearers.graphml');
    writeFileSync(
      file,
      [
        '<graphml><key id="t" for="node" attr.name="type"/><key id="n" for="node" attr.name="name"/>',
        '<key id="r" for="edge" attr.name="role"/><graph edgedefault="directed">',
        '<node id="1"><data key="t">person</data><data key="n">Repro Bearer</data></node>',
        '<node id="2"><data key="t">person</data><data key="n">Repro Bearer</data></node>',
        '<node id="3"><data key="t">organization</data><data key="n">Repro Alpha Ltd</data></node>',
        '<node id="4"><data key="t">organization</data><data key="n">Repro Beta Ltd</data></node>',
        '<edge source="1" target="3"><data key="r">director</data></edge>',
        '<edge source="2" target="4"><data key="r">director</data></edge>',
        '</graph></graphml>',
      ].join('\n'),
    );
    return file;
  };

  it('keeps two Person nodes of one name as two entities without a mapping (the file names the dataset)', async () => {
    const out = await collect(graphmlParser(), bearers());
    const people = out.records.filter((r) => r.record.node === 'Person').map((r) => r.record.properties);
    expect(people).toEqual([
      { name: 'Repro Bearer', ref: 'bearers:1' },
      { name: 'Repro Bearer', ref: 'bearers:2' },
    ]);
    const links = out.records.filter((r) => r.record.relationship).map((r) => [r.record.from, r.record.to]);
    expect(links).toEqual([
      [end('Person', { ref: 'bearers:1' }), end('Organization', { ref: 'bearers:3' })],
      [end('Person', { ref: 'bearers:2' }), end('Organization', { ref: 'bearers:4' })],
    ]);
    const ids = out.records.flatMap((r) => toWrites(r.record)).filter((w) => w.kind === 'node');
    expect(new Set(ids.map((w) => w.id)).size).toBe(4);
  });

  it("uses the node id as the ref with a mapping too, scoped by the mapping's dataset", async () => {
    const mapping = parseMapping(
      {
        dataset: 'repro',
        node: { nodes: [{ name: 'entity', label: 'Person', properties: { name: { column: 'name' } } }] },
      },
      'g.yaml',
    );
    const out = await collect(graphmlParser(mapping), bearers());
    expect(out.records.filter((r) => r.record.node).map((r) => r.record.properties)).toEqual([
      { name: 'Repro Bearer', ref: 'repro:1' },
      { name: 'Repro Bearer', ref: 'repro:2' },
      { name: 'Repro Alpha Ltd', ref: 'repro:3' },
      { name: 'Repro Beta Ltd', ref: 'repro:4' },
    ]);
  });
});
