import { compareCodePoints } from '../../server/model/evidence.js';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS, NODES, RELATIONSHIP_TYPES, RELATIONSHIPS } from '../../server/model/graph-model.js';
import { RecordError, toWrites } from '../../server/model/records.js';
import type { NodeWrite, RelationshipWrite } from '../../server/model/records.js';

const dm = {
  node: 'Message',
  properties: {
    platform: 'twitter',
    ref: 'dm-2016-10-12',
    kind: 'direct_message',
    text: 'Strongly suggest your dad tweets this link if he mentions us wlsearch.tk.',
    sentPrecision: 'day',
    sentFrom: '2016-10-12T00:00:00Z',
    sentTo: '2016-10-12T23:59:59Z',
  },
  sources: [{ source: 'mueller-report-vol1', quote: 'On October 12, 2016, WikiLeaks wrote again' }],
};

function reason(record: unknown): string {
  try {
    toWrites(record);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    return (error as Error).message;
  }
  throw new Error('expected the record to be rejected');
}

describe('the model declaration', () => {
  it('declares relationship endpoints only with registered labels', () => {
    for (const type of RELATIONSHIP_TYPES) {
      for (const label of [...RELATIONSHIPS[type].from, ...RELATIONSHIPS[type].to]) {
        expect(NODE_LABELS, `${type} names ${label}`).toContain(label);
      }
    }
  });

  it('gives every label a key, a caption and properties that exist', () => {
    for (const label of NODE_LABELS) {
      const def = NODES[label];
      expect(def.key.length).toBeGreaterThan(0);
      for (const name of [...def.key, ...def.caption]) expect(Object.keys(def.properties)).toContain(name);
      for (const name of def.key)
        expect((def.properties as Record<string, { required: boolean }>)[name]?.required).toBe(true);
    }
  });
});

describe('validating node records', () => {
  it('turns a message into a node write plus a SUPPORTED_BY link to its source', () => {
    const [node, support] = toWrites(dm) as [NodeWrite, RelationshipWrite];
    expect(node).toMatchObject({ kind: 'node', label: 'Message', id: 'message:twitter:dm-2016-10-12' });
    expect(node.props).toMatchObject({ sentPrecision: 'day', sentFrom: '2016-10-12T00:00:00Z' });
    expect(support).toMatchObject({
      type: 'SUPPORTED_BY',
      from: { id: node.id },
      to: { label: 'Source', id: 'source:mueller-report-vol1' },
      props: { quote: 'On October 12, 2016, WikiLeaks wrote again' },
    });
  });

  it('derives the same id from spellings of one natural key', () => {
    const handles = ['@WikiLeaks', 'wikileaks', ' @wikileaks '].map(
      (handle) => (toWrites({ node: 'Account', properties: { platform: 'twitter', handle } })[0] as NodeWrite).id,
    );
    expect(new Set(handles)).toEqual(new Set(['account:twitter:wikileaks']));
  });

  it('identifies people and organizations by the ref their source gives, never by their name', () => {
    const person = (ref: string, name: string) =>
      (toWrites({ node: 'Person', properties: { ref, name } })[0] as NodeWrite).id;
    // Same name, different refs: two people. Same ref, any name: one.
    expect(person('registry:1', 'THE BEARER')).not.toBe(person('registry:2', 'THE BEARER'));
    expect(person('registry:1', 'THE BEARER')).toBe(person('registry:1', 'The Bearer'));
    // Case and punctuation of a ref are the source's: never folded.
    expect(person('x:name:DONALD TRUMP JR.', 'a')).not.toBe(person('x:name:Donald Trump Jr.', 'a'));
    expect(person('  x:1 ', 'a')).toBe('person:x:1');
    expect(person('donald-trump-jr', 'Donald Trump Jr.')).toBe('person:donald-trump-jr');
  });

  it('keeps the record time (asOf) that ranks imported values', () => {
    const [node] = toWrites({
      node: 'Account',
      properties: { platform: 'twitter', handle: 'x', followers: 3 },
      asOf: '2017-01-01T10:00:00-05:00',
    }) as [NodeWrite];
    expect(node.asOf).toBe('2017-01-01T10:00:00-05:00');
    expect(() => toWrites({ node: 'Account', properties: { platform: 'twitter', handle: 'x' }, asOf: '2017' })).toThrow(
      /asOf/,
    );
  });

  it('keeps the spelling of a URL while normalising its key', () => {
    const [a] = toWrites({ node: 'Url', properties: { url: 'wlsearch.tk' } }) as [NodeWrite];
    const [b] = toWrites({ node: 'Url', properties: { url: 'http://wlsearch.tk/' } }) as [NodeWrite];
    expect(a.id).toBe(b.id);
    expect(a.props).toMatchObject({ url: 'http://wlsearch.tk/', domain: 'wlsearch.tk' });
    expect(a.accumulate.spellings).toEqual(['wlsearch.tk']);
    expect(b.accumulate.spellings).toEqual(['http://wlsearch.tk/']);
  });

  it("links every URL to its domain, with the URL record's sources", () => {
    const writes = toWrites({
      node: 'Url',
      properties: { url: 'HTTP://WLSearch.tk/a' },
      sources: [{ source: 'the-week', quote: 'a link to wlsearch.tk' }],
    });
    expect(writes.map((w) => (w.kind === 'node' ? w.label : w.type))).toEqual([
      'Url',
      'Domain',
      'IN_DOMAIN',
      'SUPPORTED_BY',
      'SUPPORTED_BY',
    ]);
    expect(writes[1]).toMatchObject({ id: 'domain:wlsearch.tk', props: { name: 'wlsearch.tk' } });
    expect(writes[2]).toMatchObject({
      from: { id: 'url:http://wlsearch.tk/a' },
      to: { id: 'domain:wlsearch.tk' },
      props: { sourceIds: ['source:the-week'], sourceQuotes: ['a link to wlsearch.tk'] },
    });
  });

  it.each([
    [{ node: 'Persn', properties: { name: 'x' } }, /node: unknown node label "Persn"/],
    [{ node: 'Person', properties: { ref: 'r' } }, /properties\.name: .*expected string/],
    [{ node: 'Person', properties: { name: 'x' } }, /properties\.ref: .*expected string/],
    [{ node: 'Person', properties: { ref: 'r', name: 'x', nmae: 'typo' } }, /properties: Unrecognized key: "nmae"/],
    [{ node: 'Account', properties: { platform: 'myspace', handle: 'x' } }, /properties\.platform/],
    [{ ...dm, properties: { ...dm.properties, sentFrom: '2016-10-12' } }, /properties\.sentFrom: Invalid ISO datetime/],
    [{ ...dm, properties: { ...dm.properties, sentTo: '2016-10-11T00:00:00Z' } }, /sentFrom is after sentTo/],
    [{ ...dm, properties: { ...dm.properties, sentPrecision: 'instant' } }, /instant needs sentFrom equal to sentTo/],
    [{ node: 'Url', properties: { url: 'javascript:alert(1)' } }, /properties\.url: unsupported URL scheme/],
    [{ node: 'Person', properties: { ref: 'r', name: 'x' }, sources: [{ source: 'a' }] }, /sources\.0\.quote/],
    [[1, 2], /must be a JSON object/],
    [{ hello: 1 }, /needs a "node" or a "relationship"/],
  ])('rejects %j naming the field', (record, message) => {
    expect(reason(record)).toMatch(message);
  });
});

describe('validating relationship records', () => {
  const sent = {
    relationship: 'SENT',
    from: { label: 'Account', key: { platform: 'twitter', handle: '@WikiLeaks' } },
    to: { label: 'Message', key: { platform: 'twitter', ref: 'dm-2016-10-12' } },
    sources: [{ source: 'mueller-report-vol1', quote: 'WikiLeaks wrote again' }],
  };

  it('normalises endpoint keys and carries the sources as parallel lists', () => {
    const [rel] = toWrites(sent) as [RelationshipWrite];
    expect(rel.from).toEqual({
      label: 'Account',
      key: { platform: 'twitter', handle: 'wikileaks' },
      id: 'account:twitter:wikileaks',
    });
    expect(rel.props).toEqual({ sourceIds: ['source:mueller-report-vol1'], sourceQuotes: ['WikiLeaks wrote again'] });
    expect(rel.id).toBe('SENT|account:twitter:wikileaks|message:twitter:dm-2016-10-12');
  });

  it('distinguishes keyed relationships by their key', () => {
    const role = (r: string) =>
      (
        toWrites({
          relationship: 'AFFILIATED_WITH',
          from: { label: 'Person', key: { ref: 'john-podesta' } },
          to: { label: 'Organization', key: { ref: 'clinton-campaign' } },
          properties: { role: r },
        })[0] as RelationshipWrite
      ).id;
    expect(role('chairman')).not.toBe(role('adviser'));
    expect(role('chairman')).toBe(role('chairman'));
  });

  it.each([
    [{ ...sent, relationship: 'SENDS' }, /relationship: unknown relationship type "SENDS"/],
    [
      { ...sent, from: { label: 'Url', key: { url: 'x.com' } } },
      /from\.label: SENT from must be one of Account, Person, Organization/,
    ],
    [{ ...sent, to: { label: 'Message', key: { platform: 'twitter' } } }, /to\.key\.ref/],
    [
      { relationship: 'AFTER', from: sent.to, to: sent.to, properties: { delay: 'PT15M' } },
      /properties\.delayPrecision/,
    ],
  ])('rejects %j naming the field', (record, message) => {
    expect(reason(record)).toMatch(message);
  });
});

describe('statement order', () => {
  it('compares strings by code point, as Neo4j sorts them', () => {
    const sorted = ['\u{1F600}', '\uFFFD', 'a', 'é'].sort(compareCodePoints);
    expect(sorted).toEqual(['a', 'é', '\uFFFD', '\u{1F600}']);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('x\u{1F600}', 'x\uE000')).toBeGreaterThan(0);
  });
});
