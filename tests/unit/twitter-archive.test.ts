import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  archiveFiles,
  detectTwitterFormat,
  isTwitterArchive,
  parseTwitterArchive,
} from '../../server/ingest/twitter/index.js';
import { nodeRecord } from '../../server/ingest/twitter/common.js';
import { toWrites } from '../../server/model/records.js';
import { collect, countByKind, FIXTURES } from '../fixtures/twitter/support.js';

const ARCHIVE = path.join(FIXTURES, 'archive');
const DATA = path.join(ARCHIVE, 'data');
const acct = (handle: string) => ({ label: 'Account', key: { platform: 'twitter', handle } });
const msg = (ref: string) => ({ label: 'Message', key: { platform: 'twitter', ref } });
const url = (u: string) => ({ label: 'Url', key: { url: u } });
const rel = (relationship: string, from: object, to: object, properties?: object) =>
  properties ? { relationship, from, to, properties } : { relationship, from, to };
const urlNode = (u: string) => ({ node: 'Url', properties: { url: u } });
const DM_NOTE =
  "Known only by its numeric Twitter user id, from a Twitter archive's direct messages; the archive does not give its handle.";

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'backchannel-twitter-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('Twitter archive: the fixture folder', async () => {
  const { items } = await collect(parseTwitterArchive, ARCHIVE);
  const from = (file: string, pointer: string) =>
    items.filter((i) => i.where.file === path.join(DATA, file) && i.where.pointer === pointer);

  it('reads account, tweets and DMs (group ones too), and nothing else', () => {
    expect(archiveFiles(ARCHIVE).map((f) => path.relative(ARCHIVE, f))).toEqual([
      'data/account.js',
      'data/tweets.js',
      'data/direct-messages.js',
      'data/direct-messages-group.js',
    ]);
    expect(new Set(items.map((i) => path.basename(i.where.file)))).toEqual(
      new Set(['account.js', 'tweets.js', 'direct-messages.js', 'direct-messages-group.js']),
    );
  });

  it('the owner', () => {
    expect(from('account.js', '/0/account')).toEqual([
      {
        where: { file: path.join(DATA, 'account.js'), pointer: '/0/account', record: '123' },
        record: nodeRecord('Account', {
          platform: 'twitter',
          handle: 'jdoe',
          displayName: 'J Doe',
          externalId: '123',
          createdAt: '2009-01-07T04:38:02Z',
        }),
      },
    ]);
  });

  it('a tweet with a mention and a t.co link: both URLs, EXPANDS_TO, LINKS_TO to each', () => {
    const where = { file: path.join(DATA, 'tweets.js'), pointer: '/0/tweet', record: '1001' };
    expect(from('tweets.js', '/0/tweet')).toEqual(
      [
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: '1001',
            kind: 'tweet',
            text: 'For those who have the time to read about all the conversations .@WikiLeaks https://t.co/abcDEF1234',
            lang: 'en',
            sentPrecision: 'instant',
            sentFrom: '2016-10-12T14:22:01Z',
            sentTo: '2016-10-12T14:22:01Z',
          },
        },
        rel('SENT', acct('jdoe'), msg('1001')),
        nodeRecord('Account', { platform: 'twitter', handle: 'wikileaks', externalId: '16589206' }),
        rel('MENTIONS', msg('1001'), acct('wikileaks')),
        urlNode('https://t.co/abcDEF1234'),
        urlNode('http://wlsearch.tk/'),
        rel('LINKS_TO', msg('1001'), url('https://t.co/abcDEF1234'), { asWritten: ['https://t.co/abcDEF1234'] }),
        rel('LINKS_TO', msg('1001'), url('http://wlsearch.tk/'), { asWritten: ['http://wlsearch.tk/', 'wlsearch.tk'] }),
        rel('EXPANDS_TO', url('https://t.co/abcDEF1234'), url('http://wlsearch.tk/')),
      ].map((record) => ({ where, record })),
    );
  });

  it('a reply: REPLIES_TO the original by id, the time converted to UTC', () => {
    const where = { file: path.join(DATA, 'tweets.js'), pointer: '/1/tweet', record: '1002' };
    expect(from('tweets.js', '/1/tweet')).toEqual(
      [
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: '1002',
            kind: 'tweet',
            text: '@someone_else thanks &amp; see you',
            lang: 'en',
            sentPrecision: 'instant',
            sentFrom: '2016-10-12T23:00:00Z',
            sentTo: '2016-10-12T23:00:00Z',
          },
        },
        rel('SENT', acct('jdoe'), msg('1002')),
        rel('REPLIES_TO', msg('1002'), msg('999')),
        nodeRecord('Account', { platform: 'twitter', handle: 'someone_else', externalId: '555' }),
        rel('MENTIONS', msg('1002'), acct('someone_else')),
      ].map((record) => ({ where, record })),
    );
  });

  it('a retweet is kind retweet; known accounts and URLs are not repeated', () => {
    const records = from('tweets.js', '/2/tweet').map((i) => ('record' in i ? i.record : i));
    expect((records[0] as { properties: { kind: string } }).properties.kind).toBe('retweet');
    expect(records.slice(1)).toEqual([
      rel('SENT', acct('jdoe'), msg('1003')),
      rel('MENTIONS', msg('1003'), acct('wikileaks')),
      urlNode('https://t.co/zzzZZZ9999'),
      rel('LINKS_TO', msg('1003'), url('https://t.co/zzzZZZ9999'), { asWritten: ['https://t.co/zzzZZZ9999'] }),
      rel('LINKS_TO', msg('1003'), url('http://wlsearch.tk/'), { asWritten: ['http://wlsearch.tk/', 'wlsearch.tk'] }),
      rel('EXPANDS_TO', url('https://t.co/zzzZZZ9999'), url('http://wlsearch.tk/')),
    ]);
  });

  it('rejects tweets without an id or a readable date, keeping the item', () => {
    expect(from('tweets.js', '/3/tweet')).toEqual([
      {
        where: { file: path.join(DATA, 'tweets.js'), pointer: '/3/tweet' },
        error: 'tweet without an id_str',
        raw: '{"tweet":{"full_text":"no id","created_at":"Fri Oct 14 09:30:00 +0000 2016"}}',
      },
    ]);
    expect(from('tweets.js', '/4/tweet')).toEqual([
      {
        where: { file: path.join(DATA, 'tweets.js'), pointer: '/4/tweet', record: '1005' },
        error: 'created_at "14/10/2016" is not a Twitter date',
        raw: '{"tweet":{"id_str":"1005","full_text":"bad date","created_at":"14/10/2016"}}',
      },
    ]);
  });

  it('a DM from an account known by id only to the owner: SENT, TO, PART_OF its conversation, links', () => {
    const pointer = '/0/dmConversation/messages/0/messageCreate';
    const where = { file: path.join(DATA, 'direct-messages.js'), pointer, record: '9001' };
    expect(from('direct-messages.js', pointer)).toEqual(
      [
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: '9001',
            kind: 'direct_message',
            text: "Hiya, it'd be great if you guys could comment on/push this story https://t.co/xYz1234567",
            sentPrecision: 'instant',
            sentFrom: '2016-10-12T00:00:00Z',
            sentTo: '2016-10-12T00:00:00Z',
          },
        },
        nodeRecord('Account', { platform: 'twitter', handle: 'id:16589206', externalId: '16589206', note: DM_NOTE }),
        rel('SENT', acct('id:16589206'), msg('9001')),
        rel('TO', msg('9001'), acct('jdoe')),
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: 'dm-conversation:123-16589206',
            kind: 'conversation',
            summary: 'Twitter direct-message conversation 123-16589206.',
          },
        },
        rel('PART_OF', msg('9001'), msg('dm-conversation:123-16589206')),
        urlNode('https://t.co/xYz1234567'),
        rel('LINKS_TO', msg('9001'), url('https://t.co/xYz1234567'), { asWritten: ['https://t.co/xYz1234567'] }),
        rel('LINKS_TO', msg('9001'), url('http://wlsearch.tk/'), { asWritten: ['http://wlsearch.tk/', 'wlsearch.tk'] }),
        rel('EXPANDS_TO', url('https://t.co/xYz1234567'), url('http://wlsearch.tk/')),
      ].map((record) => ({ where, record })),
    );
  });

  it('a DM from the owner, with a mention; reactions are not messages; a DM without a date is rejected', () => {
    const dms = path.join(DATA, 'direct-messages.js');
    expect(items.filter((i) => i.where.file === dms).map((i) => i.where.pointer)).not.toContain(
      '/0/dmConversation/messages/1/messageCreate',
    );
    const pointer = '/0/dmConversation/messages/2/messageCreate';
    expect(from('direct-messages.js', pointer).map((i) => ('record' in i ? i.record : i))).toEqual([
      {
        node: 'Message',
        properties: {
          platform: 'twitter',
          ref: '9002',
          kind: 'direct_message',
          text: 'Off the record, what do you think, @wikileaks?',
          sentPrecision: 'instant',
          sentFrom: '2016-10-12T08:15:30.500Z',
          sentTo: '2016-10-12T08:15:30.500Z',
        },
      },
      rel('SENT', acct('jdoe'), msg('9002')),
      rel('TO', msg('9002'), acct('id:16589206')),
      rel('PART_OF', msg('9002'), msg('dm-conversation:123-16589206')),
      rel('MENTIONS', msg('9002'), acct('wikileaks')),
    ]);
    expect(from('direct-messages.js', '/0/dmConversation/messages/3/messageCreate')).toEqual([
      {
        where: { file: dms, pointer: '/0/dmConversation/messages/3/messageCreate', record: '9004' },
        error: 'direct message without a createdAt',
        raw: '{"recipientId":"16589206","text":"no date","senderId":"123","id":"9004"}',
      },
    ]);
  });

  it('a group DM has a sender and its conversation, no single recipient', () => {
    const pointer = '/0/dmConversation/messages/1/messageCreate';
    expect(from('direct-messages-group.js', pointer).map((i) => ('record' in i ? i.record : i))).toEqual([
      {
        node: 'Message',
        properties: {
          platform: 'twitter',
          ref: '9100',
          kind: 'direct_message',
          text: 'hello group',
          sentPrecision: 'instant',
          sentFrom: '2017-01-01T00:01:00Z',
          sentTo: '2017-01-01T00:01:00Z',
        },
      },
      nodeRecord('Account', { platform: 'twitter', handle: 'id:42', externalId: '42', note: DM_NOTE }),
      rel('SENT', acct('id:42'), msg('9100')),
      {
        node: 'Message',
        properties: {
          platform: 'twitter',
          ref: 'dm-conversation:777000',
          kind: 'conversation',
          summary: 'Twitter direct-message conversation 777000.',
        },
      },
      rel('PART_OF', msg('9100'), msg('dm-conversation:777000')),
    ]);
  });

  it('everything it yields passes the model; no warnings', () => {
    const records = items.flatMap((i) => ('record' in i ? [{ record: i.record as Record<string, unknown> }] : []));
    for (const { record } of records) expect(() => toWrites(record)).not.toThrow();
    expect(items.filter((i) => 'warning' in i)).toEqual([]);
    expect(countByKind(records)).toEqual({
      Account: 5,
      Message: 8,
      SENT: 6,
      TO: 2,
      MENTIONS: 4,
      REPLIES_TO: 1,
      PART_OF: 3,
      Url: 4,
      LINKS_TO: 6,
      EXPANDS_TO: 3,
    });
    expect(items.filter((i) => 'error' in i)).toHaveLength(3);
  });
});

describe('Twitter archive: one file, older layouts, broken files', () => {
  it('a tweets file alone still finds its owner in the account.js beside it', async () => {
    const { records } = await collect(parseTwitterArchive, path.join(DATA, 'tweets.js'));
    expect(records.filter(({ record }) => record.relationship === 'SENT')).toHaveLength(3);
    expect(records.every(({ where }) => where.file === path.join(DATA, 'tweets.js'))).toBe(true);
  });

  it('a DM file alone maps the owner id to the owner handle', async () => {
    const { records } = await collect(parseTwitterArchive, path.join(DATA, 'direct-messages.js'));
    expect(records.find(({ record }) => record.relationship === 'TO')?.record.to).toEqual(acct('jdoe'));
  });

  it('an old tweet.js (items without the "tweet" wrapper, no entities), without an account.js', async () => {
    const file = path.join(FIXTURES, 'archive-old', 'tweet.js');
    const { items } = await collect(parseTwitterArchive, file);
    const where = { file, pointer: '/0', record: '2001' };
    expect(items).toEqual([
      { where: { file }, warning: 'no account.js in this archive: tweets are loaded without their sender' },
      ...[
        {
          node: 'Message',
          properties: {
            platform: 'twitter',
            ref: '2001',
            kind: 'tweet',
            text: 'an older archive, @Jane_Doe: https://t.co/Old1234567',
            lang: 'en',
            sentPrecision: 'instant',
            sentFrom: '2017-01-02T10:00:00Z',
            sentTo: '2017-01-02T10:00:00Z',
          },
        },
        { node: 'Account', properties: { platform: 'twitter', handle: 'jane_doe' } },
        rel('MENTIONS', msg('2001'), acct('jane_doe')),
        urlNode('https://t.co/Old1234567'),
        rel('LINKS_TO', msg('2001'), url('https://t.co/Old1234567'), { asWritten: ['https://t.co/Old1234567'] }),
      ].map((record) => ({ where, record })),
    ]);
  });

  it('reads the files exactly as Twitter writes them (the fixtures carry lint comments Twitter does not)', async () => {
    const dir = tempDir();
    cpSync(ARCHIVE, dir, { recursive: true });
    for (const name of readdirSync(path.join(dir, 'data'))) {
      const file = path.join(dir, 'data', name);
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.slice(text.indexOf('window.YTD.')));
      expect(readFileSync(file, 'utf8').startsWith('window.YTD.')).toBe(true);
    }
    const original = await collect(parseTwitterArchive, ARCHIVE);
    const bare = await collect(parseTwitterArchive, dir);
    const strip = (items: typeof original.items, root: string) =>
      items.map((i) => ({ ...i, where: { ...i.where, file: path.relative(root, i.where.file) } }));
    expect(strip(bare.items, dir)).toEqual(strip(original.items, ARCHIVE));
    expect(isTwitterArchive(dir)).toBe(true);
  });

  it('an unreadable file is one reject; a file of another kind is refused', async () => {
    const dir = tempDir();
    const broken = path.join(dir, 'tweets.js');
    writeFileSync(broken, 'window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1" ');
    const { items } = await collect(parseTwitterArchive, broken);
    expect(items).toEqual([
      {
        where: { file: broken, pointer: '' },
        error: expect.stringMatching(/^invalid JSON after the window\.YTD prefix: /),
        raw: 'window.YTD.tweets.part0 = [ { "tweet" : { "id_str" : "1" ',
      },
    ]);

    const like = path.join(DATA, 'like.js');
    await expect(collect(parseTwitterArchive, like)).rejects.toThrow(/window\.YTD\.like is not a Twitter archive file/);
    const notYtd = path.join(dir, 'account.js');
    writeFileSync(notYtd, '[]');
    expect((await collect(parseTwitterArchive, notYtd)).items).toEqual([
      { where: { file: notYtd, pointer: '' }, error: expect.stringMatching(/no "window\.YTD/), raw: '[]' },
    ]);
  });
});

describe('Twitter format detection', () => {
  it('tells the three formats apart, and nothing else is one of them', () => {
    expect(detectTwitterFormat(ARCHIVE)).toBe('twitter-archive');
    expect(detectTwitterFormat(DATA)).toBe('twitter-archive');
    expect(detectTwitterFormat(path.join(DATA, 'tweets.js'))).toBe('twitter-archive');
    expect(detectTwitterFormat(path.join(DATA, 'like.js'))).toBeUndefined();
    expect(detectTwitterFormat(path.join(FIXTURES, 'ira-tweets.csv'))).toBe('ira-tweets-csv');
    expect(detectTwitterFormat(path.join(FIXTURES, 'nbc-users.csv'))).toBe('nbc-users-csv');
    expect(detectTwitterFormat(FIXTURES)).toBeUndefined();
    expect(detectTwitterFormat(path.join(FIXTURES, 'support.ts'))).toBeUndefined();
    expect(detectTwitterFormat(path.join(FIXTURES, 'missing.csv'))).toBeUndefined();
    expect(isTwitterArchive(path.join(FIXTURES, 'archive-old'))).toBe(true);
  });
});
