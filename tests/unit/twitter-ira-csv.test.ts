import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeIraCsv, pairShortLinks, parseIraTweetsCsv } from '../../server/ingest/twitter/index.js';
import { nodeRecord } from '../../server/ingest/twitter/common.js';
import { toWrites } from '../../server/model/records.js';
import { collect, countByKind, FIXTURES, realData, skipNote } from '../fixtures/twitter/support.js';

const acct = (handle: string) => ({ label: 'Account', key: { platform: 'twitter', handle } });
const msg = (ref: string) => ({ label: 'Message', key: { platform: 'twitter', ref } });
const url = (u: string) => ({ label: 'Url', key: { url: u } });
const rel = (relationship: string, from: object, to: object, properties?: object) =>
  properties ? { relationship, from, to, properties } : { relationship, from, to };
const link = (ref: string, u: string) => rel('LINKS_TO', msg(ref), url(u), { asWritten: [u] });
const urlNode = (u: string) => ({ node: 'Url', properties: { url: u } });

const FILE = path.join(FIXTURES, 'ira-tweets.csv');

/** The author's profile as of one tweet. */
const author = (handle: string, externalId: string, followers: number, following: number, asOf: string) => ({
  ...nodeRecord('Account', { platform: 'twitter', handle, externalId, followers, following }),
  asOf,
});

describe('FiveThirtyEight IRA tweet CSV: fixture', () => {
  it('maps each row to the exact records, with the line the row starts on and the tweet id', async () => {
    const { items } = await collect(parseIraTweetsCsv, FILE);
    const at = (line: number, record: string) => ({ file: FILE, line, record });
    const byRow = new Map<number, unknown[]>();
    for (const item of items) byRow.set(item.where.line!, [...(byRow.get(item.where.line!) ?? []), item]);
    expect([...byRow.keys()]).toEqual([2, 3, 4, 6, 7, 8, 9]);

    const t1 = '800000000000000001';
    expect(byRow.get(2)).toEqual(
      [
        author('janedoe_test', '1000000001', 20, 10, '2017-01-02T16:48:00Z'),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: t1,
            kind: 'tweet',
            text: '.@Wikileaks_Fan write to jane@example.com today https://t.co/AbCdE12345',
            lang: 'English',
            sentPrecision: 'minute',
            sentFrom: '2017-01-02T16:48:00Z',
            sentTo: '2017-01-02T16:48:59Z',
          },
        },
        rel('SENT', acct('janedoe_test'), msg(t1)),
        { node: 'Account', properties: { platform: 'twitter', handle: 'wikileaks_fan' } },
        rel('MENTIONS', msg(t1), acct('wikileaks_fan')),
        urlNode('https://t.co/AbCdE12345'),
        urlNode('http://wlsearch.tk/'),
        link(t1, 'https://t.co/AbCdE12345'),
        link(t1, 'http://wlsearch.tk/'),
        rel('EXPANDS_TO', url('https://t.co/AbCdE12345'), url('http://wlsearch.tk/')),
      ].map((record) => ({ where: at(2, t1), record })),
    );

    // A retweet: kind retweet, "RT @handle:" is a mention; the author was mentioned before, so no new Account.
    const t2 = '800000000000000002';
    expect(byRow.get(3)).toEqual(
      [
        author('bobtest', '1000000002', 7, 5, '2016-12-31T23:59:00Z'),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: t2,
            kind: 'retweet',
            text: 'RT @JaneDoe_Test: the search is open',
            lang: 'English',
            sentPrecision: 'minute',
            sentFrom: '2016-12-31T23:59:00Z',
            sentTo: '2016-12-31T23:59:59Z',
          },
        },
        rel('SENT', acct('bobtest'), msg(t2)),
        rel('MENTIONS', msg(t2), acct('janedoe_test')),
      ].map((record) => ({ where: at(3, t2), record })),
    );

    // A quoted field with a newline (lines 4–5); a media expansion listed first takes the last t.co link.
    const t3 = '800000000000000003';
    const media = 'https://twitter.com/JaneDoe_Test/status/800000000000000003/photo/1';
    const story = 'https://example.org/story?utm_source=twitter';
    expect(byRow.get(4)).toEqual(
      [
        // The author again, as of this tweet: the loader keeps both profiles and shows the latest.
        author('janedoe_test', '890467190402686977', 21, 11, '2016-03-15T09:05:00Z'),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: t3,
            kind: 'tweet',
            text: 'Read this, "friends":\nhttps://t.co/FirstLink1 https://t.co/MediaLink1',
            lang: 'English',
            sentPrecision: 'minute',
            sentFrom: '2016-03-15T09:05:00Z',
            sentTo: '2016-03-15T09:05:59Z',
          },
        },
        rel('SENT', acct('janedoe_test'), msg(t3)),
        urlNode('https://t.co/FirstLink1'),
        urlNode('https://t.co/MediaLink1'),
        urlNode(media),
        urlNode(story),
        link(t3, 'https://t.co/FirstLink1'),
        link(t3, 'https://t.co/MediaLink1'),
        link(t3, media),
        link(t3, story),
        rel('EXPANDS_TO', url('https://t.co/FirstLink1'), url(story)),
        rel('EXPANDS_TO', url('https://t.co/MediaLink1'), url(media)),
      ].map((record) => ({ where: at(4, t3), record })),
    );

    // No tweet_id: rejected with the row as written.
    expect(byRow.get(6)).toEqual([
      {
        where: { file: FILE, line: 6 },
        error: 'empty tweet_id',
        raw: '1004,4,1000000002,BOBTEST,no id here,United States,English,1/1/2017 0:00,1/1/2017 0:00,5,7,100,,Right,0,RightTroll,0,1000000002,,,,,',
      },
    ]);

    // A quote tweet is a tweet; three links and three expansions: no pairing guessed; U+FFFD kept.
    const t5 = '800000000000000005';
    const shorts = ['https://t.co/One1111111', 'https://t.co/Two2222222', 'https://t.co/Thr3333333'];
    const longs = ['http://a.example.com/1', 'http://b.example.com/2', 'https://twitter.com/other/status/799'];
    expect(byRow.get(7)).toEqual(
      [
        author('иван_test', '1000000003', 3, 0, '2017-07-04T12:00:00Z'),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: t5,
            kind: 'tweet',
            text: `Смотрите \uFFFD ${shorts.join(' ')}`,
            lang: 'Russian',
            sentPrecision: 'minute',
            sentFrom: '2017-07-04T12:00:00Z',
            sentTo: '2017-07-04T12:00:59Z',
          },
        },
        rel('SENT', acct('иван_test'), msg(t5)),
        ...[...shorts, ...longs].map(urlNode),
        ...[...shorts, ...longs].map((u) => link(t5, u)),
      ].map((record) => ({ where: at(7, t5), record })),
    );

    const t6 = '800000000000000006';
    expect(byRow.get(8)).toEqual([
      {
        where: at(8, t6),
        error: 'publish_date "2017-01-01 00:00" is not M/D/YYYY H:MM',
        raw: '1006,6,1000000002,BOBTEST,bad date,United States,English,2017-01-01 00:00,2017-01-01 00:00,5,7,100,,Right,0,RightTroll,0,1000000002,800000000000000006,,,,',
      },
    ]);

    // Old-style "RT @x:" with retweet=0 is a retweet; a truncated link and mention are left out; a
    // javascript: "URL" is a warning and the row still loads.
    const t7 = '800000000000000007';
    expect(byRow.get(9)).toEqual([
      ...[
        author('bobtest', '1000000002', 7, 5, '2016-02-29T01:02:00Z'),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: t7,
            kind: 'retweet',
            text: 'RT @Carol_Test: look https://t.co/Full123456 and @trunc… https://t.co/cut…',
            lang: 'English',
            sentPrecision: 'minute',
            sentFrom: '2016-02-29T01:02:00Z',
            sentTo: '2016-02-29T01:02:59Z',
          },
        },
        rel('SENT', acct('bobtest'), msg(t7)),
        { node: 'Account', properties: { platform: 'twitter', handle: 'carol_test' } },
        rel('MENTIONS', msg(t7), acct('carol_test')),
        urlNode('https://t.co/Full123456'),
        link(t7, 'https://t.co/Full123456'),
      ].map((record) => ({ where: at(9, t7), record })),
      { where: at(9, t7), warning: 'link left out: unsupported URL scheme javascript: in "javascript:alert(1)"' },
    ]);
  });

  it('yields only records the model accepts', async () => {
    const { records } = await collect(parseIraTweetsCsv, FILE);
    for (const { record } of records) expect(() => toWrites(record)).not.toThrow();
  });

  it('counts lines right with CRLF line breaks, inside quoted fields too', async () => {
    const { items } = await collect(parseIraTweetsCsv, path.join(FIXTURES, 'ira-tweets-crlf.csv'));
    const starts = [...new Set(items.map((i) => `${i.where.line} ${i.where.record ?? '-'}`))];
    expect(starts).toEqual(['2 800000000000000003', '4 -', '5 800000000000000001']);
    const message = items.find((i) => 'record' in i && (i.record as { node?: string }).node === 'Message');
    expect((message as { record: { properties: { text: string } } }).record.properties.text).toBe(
      'Read this, "friends":\r\nhttps://t.co/FirstLink1 https://t.co/MediaLink1',
    );
  });

  it('reports the bytes it reads, for progress', async () => {
    let bytes = 0;
    for await (const _ of parseIraTweetsCsv(FILE, { onBytes: (n) => (bytes += n) }));
    expect(bytes).toBe(statSync(FILE).size);
  });

  it('rejects what follows a quote never closed, after loading the rows before it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'backchannel-ira-'));
    try {
      const file = path.join(dir, 'broken.csv');
      const lines = readFileSync(FILE, 'utf8').split('\n');
      writeFileSync(file, [lines[0], lines[1], lines[2]!.replace('RT @', '"RT @')].join('\n') + '\n');
      const { records, errors } = await collect(parseIraTweetsCsv, file);
      expect(new Set(records.map(({ where }) => where.line))).toEqual(new Set([2]));
      expect(errors).toEqual([
        { where: { file, line: 3 }, error: expect.stringMatching(/^unreadable CSV from here on: .*quote/i), raw: '' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a CSV of another layout', async () => {
    await expect(collect(parseIraTweetsCsv, path.join(FIXTURES, 'nbc-users.csv'))).rejects.toThrow(
      /this CSV has no author, content, publish_date, tweet_id column, so it is not the FiveThirtyEight tweet CSV/,
    );
  });

  it('detects the layout from its header, with or without the index columns', () => {
    const original =
      'external_author_id,author,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,account_type,retweet,account_category,new_june_2018,alt_external_id,tweet_id,article_url,tco1_step1,tco2_step1,tco3_step1';
    expect(looksLikeIraCsv(original)).toBe(true);
    expect(looksLikeIraCsv(`,Unnamed: 0,${original}\r\n`)).toBe(true);
    expect(looksLikeIraCsv('"id","screen_name","created_at"')).toBe(false);
  });
});

describe('pairing t.co links with their expansions', () => {
  const photo = 'https://twitter.com/x/status/1/photo/1';
  it('pairs one with one, and a media expansion with the last link', () => {
    expect(pairShortLinks(['https://t.co/a'], ['http://e.com/'])).toEqual([['https://t.co/a', 'http://e.com/']]);
    expect(pairShortLinks(['https://t.co/a', 'https://t.co/b'], [photo, 'http://e.com/'])).toEqual([
      ['https://t.co/a', 'http://e.com/'],
      ['https://t.co/b', photo],
    ]);
  });
  it('guesses nothing otherwise', () => {
    expect(pairShortLinks(['https://t.co/a', 'https://t.co/b'], ['http://e.com/', 'http://f.com/'])).toEqual([]);
    expect(pairShortLinks(['https://t.co/a', 'https://t.co/b'], [photo, photo.replace('1/photo', '2/photo')])).toEqual(
      [],
    );
    expect(pairShortLinks(['https://t.co/a'], ['http://e.com/', 'http://f.com/'])).toEqual([]);
    expect(pairShortLinks(['https://t.co/a', 'https://t.co/b', 'https://t.co/c'], ['1', '2', '3'])).toEqual([]);
  });
});

const REAL = ['fivethirtyeight-ira-sample', 'SubdataSample.csv'];
const realFile = realData(...REAL);

describe.skipIf(!realFile)(`FiveThirtyEight IRA tweet CSV: the real sample ${realFile ? '' : skipNote(REAL)}`, () => {
  it('loads every tweet with its author, mentions and links, all valid', async () => {
    const { records, errors, warnings } = await collect(parseIraTweetsCsv, realFile!);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    for (const { record } of records) expect(() => toWrites(record)).not.toThrow();

    const messages = records.filter(({ record }) => record.node === 'Message');
    expect(messages).toHaveLength(2925);
    expect(new Set(messages.map(({ where }) => where.record)).size).toBe(2925);
    const senders = records.filter(({ record }) => record.relationship === 'SENT');
    expect(new Set(senders.map(({ record }) => (record.from as { key: { handle: string } }).key.handle)).size).toBe(
      851,
    );
    const kinds = messages.map(({ record }) => (record.properties as { kind: string }).kind);
    expect(kinds.filter((k) => k === 'retweet')).toHaveLength(1228);

    // Messages that link to at least one expanded (non-t.co) URL.
    const expanded = new Set(
      records
        .filter(({ record }) => record.relationship === 'LINKS_TO')
        .filter(({ record }) => !(record.to as { key: { url: string } }).key.url.includes('//t.co/'))
        .map(({ where }) => where.record),
    );
    expect(expanded.size).toBe(2125);

    expect(countByKind(records)).toEqual({
      // One author profile per tweet (2,925) and the accounts only mentioned.
      Account: 3995,
      Message: 2925,
      SENT: 2925,
      MENTIONS: 1141,
      Url: 5598,
      LINKS_TO: 5642,
      EXPANDS_TO: 2691,
    });
  });
});
