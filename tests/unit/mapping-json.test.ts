/**
 * Mapped JSON on fixtures: a tweet export as one document (rows at `data.tweets`) and as NDJSON,
 * with dotted paths, `[*]` fan-out, `each` over objects, conditions and bad elements.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMapping, mappedJsonParser, parseMapping } from '../../server/ingest/mapping/index.js';
import type { Mapping } from '../../server/ingest/mapping/index.js';
import { toWrites } from '../../server/model/records.js';
import { at, collect, end } from '../fixtures/mapping/collect.js';
import type { Collected } from '../fixtures/mapping/collect.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'mapping');
const DOCUMENT = path.join(FIXTURES, 'tweets.json');
const LINES = path.join(FIXTURES, 'tweets.ndjson');

const account = (handle: string, displayName?: string) => ({
  node: 'Account',
  properties: { platform: 'twitter', handle, ...(displayName ? { displayName } : {}) },
});
const tweet = (ref: string) => end('Message', { platform: 'twitter', ref });
const handle = (h: string) => end('Account', { platform: 'twitter', handle: h });

const FIRST = [
  account('WikiLeaks', 'WikiLeaks'),
  {
    node: 'Message',
    properties: {
      platform: 'twitter',
      ref: '780000000000000001',
      kind: 'tweet',
      text: 'Strongly suggest your dad tweets this link if he mentions us https://t.co/abc',
      lang: 'en',
      sentPrecision: 'instant',
      sentFrom: '2016-10-12T18:21:00Z',
      sentTo: '2016-10-12T18:21:00Z',
    },
  },
  { node: 'Url', properties: { url: 'http://wlsearch.tk/' } },
  account('donaldjtrumpjr', 'Donald Trump Jr.'),
  { relationship: 'SENT', from: handle('WikiLeaks'), to: tweet('780000000000000001') },
  { relationship: 'LINKS_TO', from: tweet('780000000000000001'), to: end('Url', { url: 'http://wlsearch.tk/' }) },
  { relationship: 'MENTIONS', from: tweet('780000000000000001'), to: handle('donaldjtrumpjr') },
];

const RETWEET = [
  account('DonaldJTrumpJr', 'Donald Trump Jr.'),
  {
    node: 'Message',
    properties: {
      platform: 'twitter',
      ref: '780000000000000002',
      kind: 'retweet',
      text: 'RT @WikiLeaks: Strongly suggest...',
      lang: 'en',
      sentPrecision: 'instant',
      sentFrom: '2016-10-12T18:40:00Z',
      sentTo: '2016-10-12T18:40:00Z',
    },
  },
  // Two mentions, "WikiLeaks" and "wikileaks", lower-cased to one account.
  account('wikileaks'),
  { node: 'Message', properties: { platform: 'twitter', ref: '780000000000000001', kind: 'tweet' } },
  { relationship: 'SENT', from: handle('DonaldJTrumpJr'), to: tweet('780000000000000002') },
  { relationship: 'MENTIONS', from: tweet('780000000000000002'), to: handle('wikileaks') },
  { relationship: 'RETWEETS', from: tweet('780000000000000002'), to: tweet('780000000000000001') },
];

const TWO_LINKS = [
  account('someone', 'Some One'),
  {
    node: 'Message',
    properties: {
      platform: 'twitter',
      ref: '780000000000000004',
      kind: 'tweet',
      text: 'No time, two links https://t.co/x https://t.co/y',
    },
  },
  { node: 'Url', properties: { url: 'https://example.com/a?utm_source=tw' } },
  { node: 'Url', properties: { url: 'https://example.com/b' } },
  { relationship: 'SENT', from: handle('someone'), to: tweet('780000000000000004') },
  {
    relationship: 'LINKS_TO',
    from: tweet('780000000000000004'),
    to: end('Url', { url: 'https://example.com/a?utm_source=tw' }),
  },
  { relationship: 'LINKS_TO', from: tweet('780000000000000004'), to: end('Url', { url: 'https://example.com/b' }) },
];

const BAD_TIME =
  'nodes[1].properties.sentFrom: "yesterday" is not an ISO time with an offset; declare how it is written with time: (epoch-ms, epoch-s, or { pattern, zone })';

describe('mapped JSON', () => {
  let mapping: Mapping;
  let document: Collected;
  let lines: Collected;
  beforeAll(async () => {
    mapping = await loadMapping(path.join(FIXTURES, 'tweets.yaml'));
    document = await collect(mappedJsonParser(mapping), DOCUMENT);
    lines = await collect(mappedJsonParser(mapping), LINES);
  });

  it('maps the rows of a document at json.records, each element at its pointer', () => {
    expect(at(document, '/data/tweets/0')).toEqual(FIRST);
    expect(at(document, '/data/tweets/1')).toEqual(RETWEET);
    expect(at(document, '/data/tweets/3')).toEqual(TWO_LINKS);
    expect(document.errors).toEqual([
      {
        where: { file: DOCUMENT, pointer: '/data/tweets/2' },
        error: BAD_TIME,
        raw: expect.stringContaining('"yesterday"'),
      },
    ]);
    expect(document.bytes).toBe(statSync(DOCUMENT).size);
  });

  it('maps NDJSON line by line to the same records, rejecting bad lines only', () => {
    expect(at(lines, 1)).toEqual(FIRST);
    expect(at(lines, 2)).toEqual(RETWEET);
    expect(at(lines, 7)).toEqual(TWO_LINKS);
    expect(lines.errors.map((e) => [e.where.line, e.error, e.raw])).toEqual([
      [4, expect.stringMatching(/^invalid JSON: /), '{"id_str": "broken", '],
      [5, BAD_TIME, expect.stringContaining('"yesterday"')],
      [6, 'expected a JSON object, got an array', '[1, 2]'],
    ]);
    expect(lines.bytes).toBe(statSync(LINES).size);
  });

  it('yields only records the model accepts', () => {
    for (const { record } of [...document.records, ...lines.records]) expect(() => toWrites(record)).not.toThrow();
  });

  it('reads a top-level array, and says where the rows should have been when they are not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mapping-'));
    const simple = parseMapping({
      nodes: [
        {
          name: 'p',
          label: 'Person',
          key: 'name',
          properties: { name: { column: 'who.name' }, aliases: { column: 'who.aka' } },
        },
      ],
    });
    const array = path.join(dir, 'people.json');
    writeFileSync(array, JSON.stringify([{ who: { name: 'Ann', aka: ['A.', 'Annie'] } }, 7]));
    const out = await collect(mappedJsonParser(simple), array);
    expect(out.records).toEqual([
      {
        where: { file: array, pointer: '/0' },
        record: { node: 'Person', properties: { name: 'Ann', ref: 'mapping:name:Ann', aliases: ['A.', 'Annie'] } },
      },
    ]);
    expect(out.errors).toEqual([
      { where: { file: array, pointer: '/1' }, error: 'expected a JSON object, got number', raw: '7' },
    ]);

    const object = path.join(dir, 'object.json');
    writeFileSync(object, JSON.stringify({ data: { tweets: {} } }));
    expect((await collect(mappedJsonParser(mapping), object)).errors).toEqual([
      {
        where: { file: object, pointer: '/data/tweets' },
        error: 'expected an array at "data.tweets" (json.records)',
        raw: '',
      },
    ]);
  });

  it('reads a file of one object per line without the extension, and lets json.lines decide', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mapping-'));
    const file = path.join(dir, 'export.txt');
    writeFileSync(file, '{"name": "Ann"}\n{"name": "Bob"}\n');
    const spec = { nodes: [{ name: 'p', label: 'Person', ref: '{name}', properties: { name: { column: 'name' } } }] };
    expect((await collect(mappedJsonParser(parseMapping(spec)), file)).records).toHaveLength(2);
    const asDocument = await collect(mappedJsonParser(parseMapping({ ...spec, json: { lines: false } })), file);
    expect(asDocument.errors).toEqual([expect.objectContaining({ error: expect.stringMatching(/^invalid JSON/) })]);
  });
});
