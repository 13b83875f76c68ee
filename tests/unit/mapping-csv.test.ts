/**
 * Mapped CSV on fixtures: the shipped TrumpWorld mapping on a sample in its layout (CRLF, a quoted
 * line break, bad rows), and an email spreadsheet exercising each, dates, conditions and citations.
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { loadMapping, mappedCsvParser, parseMapping } from '../../server/ingest/mapping/index.js';
import { toWrites } from '../../server/model/records.js';
import { at, collect, end, named, org, person } from '../fixtures/mapping/collect.js';
import type { Collected } from '../fixtures/mapping/collect.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'mapping');
const TRUMPWORLD_MAPPING = path.join(PROJECT_ROOT, 'cypher', 'mappings', 'trumpworld.yaml');
const SAMPLE = path.join(FIXTURES, 'trumpworld-sample.csv');

const tw = named('trumpworld');
const NOTE = 'Cited by BuzzFeed News in the TrumpWorld data set.';
const cited = (url: string, title = url) => ({
  node: 'Source',
  properties: { ref: url, url, title, publisher: new URL(url).hostname.replace(/^www\./, ''), note: NOTE },
});
const DATASET = {
  node: 'Source',
  properties: {
    ref: 'buzzfeed-trumpworld',
    publisher: 'BuzzFeed News',
    title: 'TrumpWorld',
    url: 'https://github.com/BuzzFeedNews/trumpworld',
  },
};

describe('mapped CSV: the TrumpWorld mapping on a sample', () => {
  let out: Collected;
  beforeAll(async () => {
    out = await collect(mappedCsvParser(await loadMapping(TRUMPWORLD_MAPPING)), SAMPLE);
  });

  it('maps an organization-to-organization row to an affiliation cited by its URL', () => {
    const url = 'https://www.documentcloud.org/documents/2838696-Trump-2016-Financial-Disclosure.html';
    expect(at(out, 2)).toEqual([
      org('40 WALL DEVELOPMENT ASSOCIATES LLC', tw('40 WALL DEVELOPMENT ASSOCIATES LLC')),
      org('40 WALL STREET LLC', tw('40 WALL STREET LLC')),
      cited(url),
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Organization', { ref: tw('40 WALL DEVELOPMENT ASSOCIATES LLC') }),
        to: end('Organization', { ref: tw('40 WALL STREET LLC') }),
        properties: { role: 'Ownership' },
        sources: [
          {
            source: url,
            quote:
              'TrumpWorld connects 40 WALL DEVELOPMENT ASSOCIATES LLC (Organization) to 40 WALL STREET LLC (Organization): Ownership.',
          },
        ],
      },
    ]);
  });

  it('makes one Source per URL of a row, normalised for its ref, as written for its title', () => {
    const nyt = 'https://www.nytimes.com/2016/12/31/world/asia/indonesia-donald-trump-resort.html';
    const plsx = 'http://www.plsx.com/news/article/activist-icahn-builds-9-position-in-freeport-mcmoran';
    const quote =
      'TrumpWorld connects CARL C. ICAHN (Person) to FREEPORT-MCMORAN (Organization): One of the largest shareholders.';
    expect(at(out, 3)).toEqual([
      person('CARL C. ICAHN', tw('CARL C. ICAHN')),
      org('FREEPORT-MCMORAN', tw('FREEPORT-MCMORAN')),
      cited(nyt, `${nyt}?utm_source=tw`),
      cited(plsx),
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Person', { ref: tw('CARL C. ICAHN') }),
        to: end('Organization', { ref: tw('FREEPORT-MCMORAN') }),
        properties: { role: 'One of the largest shareholders' },
        sources: [
          { source: nyt, quote },
          { source: plsx, quote },
        ],
      },
    ]);
  });

  it('maps a federal agency to an Organization, cited by the data set with the source it gives', () => {
    expect(at(out, 4)).toEqual([
      person('BEN CARSON', tw('BEN CARSON')),
      org(
        'DEPARTMENT OF HOUSING AND URBAN DEVELOPMENT',
        tw('DEPARTMENT OF HOUSING AND URBAN DEVELOPMENT'),
        'federal agency',
      ),
      DATASET,
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Person', { ref: tw('BEN CARSON') }),
        to: end('Organization', { ref: tw('DEPARTMENT OF HOUSING AND URBAN DEVELOPMENT') }),
        properties: { role: 'Secretary' },
        sources: [
          {
            source: 'buzzfeed-trumpworld',
            quote:
              'TrumpWorld connects BEN CARSON (Person) to DEPARTMENT OF HOUSING AND URBAN DEVELOPMENT (Federal Agency): Secretary. Source given: General knowledge.',
          },
        ],
      },
    ]);
  });

  // CONNECTED_TO: the model type proposed for connections to a person (see mapping-schema.test.ts).
  it('maps a connection to a person to CONNECTED_TO; a row with no source cites the data set', () => {
    expect(at(out, 5)).toEqual([
      person('GEORGE T. CONWAY III', tw('GEORGE T. CONWAY III')),
      person('KELLYANNE CONWAY', tw('KELLYANNE CONWAY')),
      {
        relationship: 'CONNECTED_TO',
        from: end('Person', { ref: tw('GEORGE T. CONWAY III') }),
        to: end('Person', { ref: tw('KELLYANNE CONWAY') }),
        properties: { connection: 'Married' },
        sources: [
          {
            source: 'buzzfeed-trumpworld',
            quote: 'TrumpWorld connects GEORGE T. CONWAY III (Person) to KELLYANNE CONWAY (Person): Married.',
          },
        ],
      },
    ]);
    // The data set's Source was yielded on line 4 already: each node record is yielded once.
    expect(out.records.filter((r) => r.record.node === 'Source' && r.where.line === 5)).toEqual([]);
  });

  it('reads a quoted line break, giving the row its first line', () => {
    const url = 'https://www.documentcloud.org/documents/3534036-Katz-Jeremy.html';
    expect(at(out, 6)).toEqual([
      org('4C INSIGHTS', tw('4C INSIGHTS')),
      person('JEREMY KATZ', tw('JEREMY KATZ')),
      cited(url),
      {
        relationship: 'CONNECTED_TO',
        from: end('Organization', { ref: tw('4C INSIGHTS') }),
        to: end('Person', { ref: tw('JEREMY KATZ') }),
        properties: { connection: 'Former advisory council\r\nboard member' },
        sources: [
          {
            source: url,
            quote:
              'TrumpWorld connects 4C INSIGHTS (Organization) to JEREMY KATZ (Person): Former advisory council\r\nboard member.',
          },
        ],
      },
    ]);
    expect(at(out, 7)).toEqual([]);
  });

  it('rejects a bad row whole, with its line, the reason and the row; the others load', () => {
    expect(out.errors).toEqual([
      {
        where: { file: SAMPLE, line: 8 },
        error: 'nodes[1].label.map: "Company" is not in the map (Person, Organization, Federal Agency)',
        raw: 'Person,STEPHEN BANNON,Company,BREITBART NEWS,Executive chairman,http://www.breitbart.com/',
      },
      {
        where: { file: SAMPLE, line: 9 },
        error: 'the row has 5 fields, the header has 6',
        raw: 'Person,JARED KUSHNER,Organization,KUSHNER COMPANIES,CEO',
      },
      {
        where: { file: SAMPLE, line: 10 },
        error: 'nodes[0].properties.name: required (it is the key: name), and this row has no value for it',
        raw: 'Person,,Organization,TRUMP ORGANIZATION,Employee,http://www.trump.com/',
      },
    ]);
    expect([...new Set(out.records.map((r) => r.where.line))]).toEqual([2, 3, 4, 5, 6, 11, 13]);
    // DONALD J. TRUMP was yielded on line 11 already.
    expect(at(out, 13).map((r) => r.relationship ?? r.node)).toEqual(['Person', 'Source', 'Source', 'CONNECTED_TO']);
  });

  it('skips an item of an each list that fails (a URL with no domain) with a warning, not the row', () => {
    expect(out.warnings).toEqual([
      {
        where: { file: SAMPLE, line: 11 },
        warning:
          'nodes[2].properties.ref.url: URL has no domain: "http://localhost-not-a-site"; the item "http://localhost-not-a-site" was skipped',
      },
    ]);
    // The row's only source was that URL: its affiliation loads, citing none.
    expect(at(out, 11)).toEqual([
      person('DONALD J. TRUMP', tw('DONALD J. TRUMP')),
      org('TRUMP TOWER COMMERCIAL LLC', tw('TRUMP TOWER COMMERCIAL LLC')),
      {
        relationship: 'AFFILIATED_WITH',
        from: end('Person', { ref: tw('DONALD J. TRUMP') }),
        to: end('Organization', { ref: tw('TRUMP TOWER COMMERCIAL LLC') }),
        properties: { role: 'Ownership' },
      },
    ]);
  });

  it('yields only records the model accepts, and every relationship has a source but the one above', () => {
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();
    const relationships = out.records.filter((r) => 'relationship' in r.record && r.where.line !== 11);
    expect(relationships).toHaveLength(6);
    for (const { record } of relationships) expect((record.sources as unknown[]).length).toBeGreaterThan(0);
  });

  it('reports every byte read', () => {
    expect(out.bytes).toBe(statSync(SAMPLE).size);
  });
});

describe('mapped CSV: an email spreadsheet', () => {
  let out: Collected;
  const file = path.join(FIXTURES, 'letters.csv');
  const report = 'https://www.example.org/reports/enron-emails';
  const email = (handle: string, displayName?: string) => ({
    node: 'Account',
    properties: { platform: 'email', handle, ...(displayName ? { displayName } : {}) },
  });
  const account = (handle: string) => end('Account', { platform: 'email', handle });
  const message = (ref: string) => end('Message', { platform: 'email', ref });
  beforeAll(async () => {
    out = await collect(mappedCsvParser(await loadMapping(path.join(FIXTURES, 'letters.yaml'))), file);
  });

  it('maps a row to accounts, a person, a message, links and its source', () => {
    expect(at(out, 2)).toEqual([
      email('k.allen@enron.com', 'Phillip K Allen'),
      person('Phillip K Allen', 'letters:name:Phillip K Allen'),
      email('john.arnold@enron.com'),
      email('mike.grigsby@enron.com'),
      {
        node: 'Message',
        properties: {
          platform: 'email',
          ref: '<dm-1@example.org>',
          kind: 'email',
          subject: 'Forecast',
          summary: 'Allen sends the forecast to Arnold and Grigsby.',
          sentPrecision: 'instant',
          sentFrom: '2001-05-14T16:39:00-07:00',
          sentTo: '2001-05-14T16:39:00-07:00',
        },
        sources: [{ source: report, quote: 'Allen sends the forecast to Arnold and Grigsby.' }],
      },
      { node: 'Url', properties: { url: 'http://www.enron.com/forecast.xls' } },
      { node: 'Url', properties: { url: 'https://t.co/abc123' } },
      {
        node: 'Source',
        properties: {
          ref: report,
          url: report,
          publisher: 'example.org',
          title: 'The Enron emails',
          published: '2017-03-14',
        },
      },
      { relationship: 'SENT', from: account('k.allen@enron.com'), to: message('<dm-1@example.org>') },
      { relationship: 'TO', from: message('<dm-1@example.org>'), to: account('john.arnold@enron.com') },
      { relationship: 'TO', from: message('<dm-1@example.org>'), to: account('mike.grigsby@enron.com') },
      {
        relationship: 'CONTROLS',
        from: end('Person', { ref: 'letters:name:Phillip K Allen' }),
        to: account('k.allen@enron.com'),
        sources: [{ source: report, quote: 'Phillip K Allen <K.Allen@Enron.com>' }],
      },
      {
        relationship: 'LINKS_TO',
        from: message('<dm-1@example.org>'),
        to: end('Url', { url: 'http://www.enron.com/forecast.xls' }),
      },
      { relationship: 'LINKS_TO', from: message('<dm-1@example.org>'), to: end('Url', { url: 'https://t.co/abc123' }) },
    ]);
  });

  it('skips templates whose condition fails and relationships whose ends are missing', () => {
    expect(at(out, 3)).toEqual([
      email('k.allen@enron.com'),
      {
        node: 'Message',
        properties: {
          platform: 'email',
          ref: '<dm-2@example.org>',
          kind: 'email',
          subject: 'Re: Forecast',
          summary: 'Arnold replies.',
          sentPrecision: 'unknown',
        },
        sources: [{ source: report, quote: 'Arnold replies.' }],
      },
      {
        node: 'Source',
        properties: { ref: report, url: report, publisher: 'example.org', title: report, published: '2017-03-14' },
      },
      { relationship: 'SENT', from: account('john.arnold@enron.com'), to: message('<dm-2@example.org>') },
      { relationship: 'TO', from: message('<dm-2@example.org>'), to: account('k.allen@enron.com') },
    ]);
  });

  it('builds a day-precision time from a date with templates', () => {
    expect(at(out, 4).find((r) => r.node === 'Message')?.properties).toMatchObject({
      sentPrecision: 'day',
      sentFrom: '2001-05-15T00:00:00Z',
      sentTo: '2001-05-15T23:59:59Z',
      sentNote: 'Only the day is known (read as UTC).',
    });
  });

  it('rejects a row whose date does not fit the pattern', () => {
    expect(out.errors.map((e) => [e.where.line, e.error])).toEqual([
      [5, 'nodes[5].properties.published.date: "14/3/2017" is not a date in the form M/D/YYYY'],
    ]);
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();
  });
});

describe('mapped CSV: dialects', () => {
  const mapping = (csv: Record<string, string>) =>
    parseMapping({
      csv,
      nodes: [{ name: 'p', label: 'Person', key: 'name', properties: { name: '{Name}', description: '{Note}' } }],
    });
  const names = (out: Collected) =>
    out.records.map((r) => [r.where.line, (r.record.properties as { name: string }).name]);

  it('reads a BOM, LF line ends, blank lines and quoted line breaks, with each row its first line', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-')), 'people.csv');
    writeFileSync(file, '\uFEFFName,Note\n"Ann\nAllen",one\n\n\nBob,"two\nlines\nhere"\nCy,three');
    const out = await collect(mappedCsvParser(mapping({})), file);
    expect(names(out)).toEqual([
      [2, 'Ann\nAllen'],
      [6, 'Bob'],
      [9, 'Cy'],
    ]);
  });

  it('takes the delimiter and the encoding from the mapping', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-')), 'people.csv');
    writeFileSync(file, Buffer.from('Name;Note\r\nJosé Núñez;a; b\r\nZoë;x\r\n', 'latin1'));
    const out = await collect(mappedCsvParser(mapping({ delimiter: ';', encoding: 'latin1' })), file);
    expect(names(out)).toEqual([[3, 'Zoë']]);
    expect(out.errors).toEqual([
      { where: { file, line: 2 }, error: 'the row has 3 fields, the header has 2', raw: 'José Núñez;a; b' },
    ]);
  });

  it('reports a quote left open as unreadable, after the rows before it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-')), 'people.csv');
    writeFileSync(file, 'Name,Note\nAnn,one\n"Bob,two\nCy,three\n');
    const out = await collect(mappedCsvParser(mapping({})), file);
    expect(names(out)).toEqual([[2, 'Ann']]);
    expect(out.errors).toEqual([
      expect.objectContaining({
        where: { file, line: 3 },
        error: expect.stringMatching(/^unreadable CSV: Quote Not Closed/),
      }),
    ]);
  });

  it('says so when the file is empty', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-')), 'empty.csv');
    writeFileSync(file, '');
    const out = await collect(mappedCsvParser(mapping({})), file);
    expect(out.warnings.map((w) => w.warning)).toEqual(['the file is empty: no header, no rows']);
  });
});
