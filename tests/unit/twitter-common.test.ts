import { describe, expect, it } from 'vitest';
import {
  findMentions,
  findShortLinks,
  ira538Minute,
  isoInstant,
  linkRecords,
  nodeRecord,
  Seen,
  twitterApiDate,
} from '../../server/ingest/twitter/common.js';
import { NODES } from '../../server/model/graph-model.js';

describe('mentions', () => {
  it('finds handles as Twitter links them, normalised, once each', () => {
    expect(findMentions('.@WikiLeaks and @wikileaks: RT @Jane_Doe, (@x)')).toEqual(['wikileaks', 'jane_doe', 'x']);
  });
  it('leaves out addresses, over-long runs, and handles cut by an ellipsis', () => {
    expect(findMentions('mail jane@example.com')).toEqual([]);
    expect(findMentions('#Юмор@rus_improvisation')).toEqual([]);
    expect(findMentions('w/ host @iamjahprince… and @ok…')).toEqual([]);
    expect(findMentions('@exactlyfifteen1 @sixteencharacter')).toEqual(['exactlyfifteen1']);
  });
});

describe('t.co links', () => {
  it('finds them in order, once each, http and https', () => {
    expect(findShortLinks('a http://t.co/AAAAAAAAAA b https://t.co/BBBBBBBBBB http://t.co/AAAAAAAAAA')).toEqual([
      'http://t.co/AAAAAAAAAA',
      'https://t.co/BBBBBBBBBB',
    ]);
  });
  it('drops a code cut short by an ellipsis, keeps a full one that an ellipsis follows', () => {
    expect(findShortLinks('see https://t.co/dGz5sii55G… #x https://t.co/nGwQ5h…')).toEqual(['https://t.co/dGz5sii55G']);
  });
});

describe('dates', () => {
  it('reads the Twitter API style, any offset, to UTC', () => {
    expect(twitterApiDate('Wed Jan 07 04:38:02 +0000 2009')).toBe('2009-01-07T04:38:02Z');
    expect(twitterApiDate('Thu Oct 13 01:00:00 +0200 2016')).toBe('2016-10-12T23:00:00Z');
    expect(twitterApiDate('Wed Feb 30 04:38:02 +0000 2009')).toBeUndefined();
    expect(twitterApiDate('2009-01-07')).toBeUndefined();
    expect(twitterApiDate(undefined)).toBeUndefined();
  });
  it('reads FiveThirtyEight minutes as their first and last second', () => {
    expect(ira538Minute('1/2/2017 16:48')).toEqual({ from: '2017-01-02T16:48:00Z', to: '2017-01-02T16:48:59Z' });
    expect(ira538Minute('2/29/2016 0:00')).toEqual({ from: '2016-02-29T00:00:00Z', to: '2016-02-29T00:00:59Z' });
    expect(ira538Minute('2/29/2017 0:00')).toBeUndefined();
    expect(ira538Minute('13/1/2017 0:00')).toBeUndefined();
    expect(ira538Minute('1/1/2017 24:00')).toBeUndefined();
  });
  it('reads ISO instants with a zone only', () => {
    expect(isoInstant('2016-10-12T00:00:00.000Z')).toBe('2016-10-12T00:00:00Z');
    expect(isoInstant('2016-10-12T02:00:00+02:00')).toBe('2016-10-12T00:00:00Z');
    expect(isoInstant('2016-10-12T00:00:00')).toBeUndefined();
    expect(isoInstant('yesterday')).toBeUndefined();
  });
});

describe('records', () => {
  it('keep the properties the model declares, without empty values', () => {
    const record = nodeRecord('Account', {
      platform: 'twitter',
      handle: 'jdoe',
      displayName: '  ',
      note: undefined,
      notInTheModel: 'x',
    });
    expect(record).toEqual({ node: 'Account', properties: { platform: 'twitter', handle: 'jdoe' } });
    const withAll = nodeRecord('Account', { platform: 'twitter', handle: 'jdoe', externalId: '1', followers: 2 });
    for (const name of ['externalId', 'followers']) {
      expect(name in withAll.properties).toBe(Object.hasOwn(NODES.Account.properties, name));
    }
  });

  it('links: one LINKS_TO per address with every spelling, a reason for each URL left out', () => {
    const message = { label: 'Message' as const, key: { platform: 'twitter', ref: '1' } };
    const seen = new Seen();
    const { records, problems } = linkRecords(
      message,
      [
        { url: 'http://wlsearch.tk/', asWritten: ['http://wlsearch.tk/'] },
        { url: 'wlsearch.tk', asWritten: ['wlsearch.tk'] },
        { url: 'javascript:void(0)', asWritten: ['javascript:void(0)'] },
      ],
      [['https://t.co/x', 'http://wlsearch.tk/']],
      seen,
    );
    expect(records).toEqual([
      { node: 'Url', properties: { url: 'http://wlsearch.tk/' } },
      { node: 'Url', properties: { url: 'wlsearch.tk' } },
      {
        relationship: 'LINKS_TO',
        from: message,
        to: { label: 'Url', key: { url: 'http://wlsearch.tk/' } },
        properties: { asWritten: ['http://wlsearch.tk/', 'wlsearch.tk'] },
      },
    ]);
    expect(problems).toEqual(['unsupported URL scheme javascript: in "javascript:void(0)"']);
    // Seen again in the same file: no new Url node.
    expect(linkRecords(message, [{ url: 'wlsearch.tk', asWritten: ['wlsearch.tk'] }], [], seen).records).toHaveLength(
      1,
    );
  });

  it('remembers what it emitted, up to a bound', () => {
    const seen = new Seen(2);
    expect([seen.first('a'), seen.first('a'), seen.first('b'), seen.first('c'), seen.first('a')]).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });
});
