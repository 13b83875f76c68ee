import { describe, expect, it } from 'vitest';
import { readEmailDate } from '../../server/ingest/email/dates.js';
import { pairXNames, readXEntry, splitXHeader } from '../../server/ingest/email/addresses.js';
import { decodeEncodedWords } from '../../server/ingest/email/encoded-words.js';
import { htmlLinks, messageIds, syntheticRef } from '../../server/ingest/email/message.js';

describe('Date headers', () => {
  it.each([
    ['Mon, 14 May 2001 16:39:00 -0700 (PDT)', '2001-05-14T16:39:00-07:00'],
    ['Fri, 7 Dec 2001 10:06:42 -0800 (PST)', '2001-12-07T10:06:42-08:00'],
    ['Tue, 15 May 2001 09:05:07 +0200', '2001-05-15T09:05:07+02:00'],
    ['Tue, 15 May 2001 09:05:07 +0530', '2001-05-15T09:05:07+05:30'],
    ['14 May 2001 16:39 EDT', '2001-05-14T16:39:00-04:00'],
    ['Mon, 14 May 01 16:39:00 GMT', '2001-05-14T16:39:00+00:00'],
    ['Mon,  14   May 1999 16:39:00\r\n -0700', '1999-05-14T16:39:00-07:00'],
    ['Thursday, 31 December 1998 23:59:60 -0500', '1998-12-31T23:59:59-05:00'],
    ['2001-05-14T16:39:00-07:00', '2001-05-14T16:39:00-07:00'],
  ])('%j → %s, the zone kept as written', (raw, iso) => {
    expect(readEmailDate(raw)).toEqual({ ok: true, iso });
  });

  it('reads a missing or unknown zone as UTC, and says so', () => {
    expect(readEmailDate('Mon, 14 May 2001 16:39:00')).toEqual({
      ok: true,
      iso: '2001-05-14T16:39:00+00:00',
      note: 'the Date header has no time zone; read as UTC',
    });
    expect(readEmailDate('Mon, 14 May 2001 16:39:00 -0000')).toMatchObject({
      ok: true,
      iso: '2001-05-14T16:39:00+00:00',
    });
    expect(readEmailDate('Mon, 14 May 2001 16:39:00 XYZ')).toMatchObject({
      ok: true,
      note: expect.stringMatching(/XYZ/),
    });
  });

  it.each([
    ['', 'empty'],
    ['sometime last week', 'not an RFC 5322 date'],
    ['Tue, 20 Dec 0001 21:26:20 -0800 (PST)', 'implausible year 1'],
    ['Mon, 31 Feb 2001 10:00:00 -0700', 'no such day or time'],
    ['Mon, 14 Foo 2001 10:00:00 -0700', 'unknown month "Foo"'],
    ['Mon, 14 May 2001 25:00:00 -0700', 'no such day or time'],
    ['Mon, 14 May 2001 10:00:00 +9900', 'impossible zone offset +9900'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(readEmailDate(raw)).toEqual({ ok: false, reason });
  });
});

describe('Enron X- headers', () => {
  it('splits entries whose names hold commas, quotes and @ENRON suffixes', () => {
    expect(
      splitXHeader(
        "Rode, Tina </O=ENRON/OU=NA/CN=RECIPIENTS/CN=Trode>, 'jsmith@austintx.com', O'Rourke, Ryan </O=ENRON/CN=RORO>, " +
          '\'"Simpkins, Michelle" <MSimpkins@winstead.com>@ENRON\' <IMCEANOTES-+22Simpkins@ENRON.com>, ' +
          'Keith Holst <Keith Holst/HOU/ECT@ect>, pallen@enron.com',
      ),
    ).toEqual([
      { name: 'Rode, Tina' },
      { address: 'jsmith@austintx.com' },
      { name: "O'Rourke, Ryan" },
      { name: 'Simpkins, Michelle', address: 'MSimpkins@winstead.com' },
      { name: 'Keith Holst' },
      { address: 'pallen@enron.com' },
    ]);
  });

  it('reads single entries', () => {
    expect(readXEntry('Phillip K Allen')).toEqual({ name: 'Phillip K Allen' });
    expect(readXEntry('The New York Times Direct <nytdirect@nytimes.com>@ENRON')).toEqual({
      name: 'The New York Times Direct',
      address: 'nytdirect@nytimes.com',
    });
    expect(readXEntry('<OpinionJournal@wsj.com>@ENRON')).toEqual({ address: 'OpinionJournal@wsj.com' });
    expect(readXEntry('CCVEVENTS@aol.com@ENRON')).toEqual({ address: 'CCVEVENTS@aol.com' });
    expect(readXEntry("'mery.l.brown@accenture.com@ENRON' <IMCEANOTES-mery@ENRON.com>")).toEqual({
      address: 'mery.l.brown@accenture.com',
    });
  });

  it('calls a plain list of names with commas ambiguous', () => {
    expect(splitXHeader('Allen, Phillip K.')).toBeUndefined();
    expect(splitXHeader('Phillip Allen, Tim Belden')).toBeUndefined();
    expect(splitXHeader('')).toEqual([]);
  });

  it('pairs names with addresses only when counts and spelled addresses agree', () => {
    const to = [{ address: 'mike.grigsby@enron.com' }, { address: 'jsmith@austintx.com' }];
    expect(pairXNames(to, "Grigsby, Mike </O=ENRON/CN=Mgrigsb>, 'Jeff Smith' <JSmith@AustinTX.com>")).toEqual([
      ['Grigsby, Mike'],
      ['Jeff Smith'],
    ]);
    expect(pairXNames(to, 'Grigsby, Mike </O=ENRON/CN=Mgrigsb>')).toEqual([]);
    expect(pairXNames(to, "Grigsby, Mike </O=ENRON/CN=Mgrigsb>, 'Jeff Smith' <other@x.com>")).toEqual([]);
    expect(pairXNames([{ address: 'k..allen@enron.com' }], 'Allen, Phillip K. </O=ENRON/CN=PALLEN>', true)).toEqual([
      ['Allen, Phillip K.'],
    ]);
    expect(pairXNames([{ address: 'k..allen@enron.com' }], 'Dunton, Heather', true)).toEqual([['Dunton, Heather']]);
    expect(pairXNames([], 'Anyone')).toEqual([]);
  });
});

describe('encoded words, Message-IDs, links', () => {
  it('decodes charsets mailparser leaves alone, and keeps what no decoder knows', () => {
    expect(decodeEncodedWords('=?ANSI_X3.4-1968?Q?Here=3Fs_your_$200_FREE_GAS!!?=')).toBe(
      'Here?s your $200 FREE GAS!!',
    );
    expect(decodeEncodedWords('=?UTF-8?B?SsO8cmdlbg==?= =?UTF-8?Q?_M=C3=BCller?=')).toBe('Jürgen Müller');
    expect(decodeEncodedWords('=?x-bogus?Q?abc?=')).toBe('=?x-bogus?Q?abc?=');
  });

  it('reads Message-IDs out of headers', () => {
    expect(messageIds('<a@b> <c@d>\r\n <e@f>')).toEqual(['a@b', 'c@d', 'e@f']);
    expect(messageIds('<a@b> (message from Alice)')).toEqual(['a@b']);
    expect(messageIds('junk')).toEqual([]);
    expect(messageIds(undefined)).toEqual([]);
  });

  it('makes synthetic refs that are stable and distinct', () => {
    const a = syntheticRef('a@x', 'Mon, 1 Jan 2001', 'Hi', 'Body');
    expect(a).toMatch(/^synthetic-[0-9a-f]{32}@backchannel\.invalid$/);
    expect(syntheticRef('a@x', 'Mon, 1 Jan 2001', 'Hi', 'Body')).toBe(a);
    expect(syntheticRef('a@x', 'Mon, 1 Jan 2001', 'Hi', 'Body!')).not.toBe(a);
  });

  it('takes web links out of HTML, entities decoded', () => {
    expect(
      htmlLinks(
        '<a href="http://a.com/?x=1&amp;y=2">a</a> <A HREF=\'https://b.org\'>b</A> <a href=www.c.net>c</a> ' +
          '<a href="mailto:x@y.com">m</a> <a href="/rel">r</a> <a href="#top">t</a> <img src="http://img.com/i.png">',
      ),
    ).toEqual(['http://a.com/?x=1&y=2', 'https://b.org', 'www.c.net']);
  });
});
