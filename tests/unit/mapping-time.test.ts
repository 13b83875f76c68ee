/**
 * Timestamps as real exports write them (issue 13, finding 5): epoch seconds and milliseconds,
 * declared patterns in a declared zone (clock changes included), the US M/D/YYYY H:MM with AM/PM;
 * precision follows the pattern; a declaration that cannot work is refused before any row.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappedCsvParser, MappingError, parseMapping } from '../../server/ingest/mapping/index.js';
import { compileTime, TimeValue } from '../../server/ingest/mapping/time.js';
import type { TimeSpec } from '../../server/ingest/mapping/time.js';
import { toWrites } from '../../server/model/records.js';
import { collect } from '../fixtures/mapping/collect.js';

function read(spec: TimeSpec, raw: unknown): TimeValue | string {
  const issues: unknown[] = [];
  const reader = compileTime(spec, 'time', issues as never);
  expect(issues).toEqual([]);
  return reader(raw);
}

const instant = (at: string) => new TimeValue(at, at, 'instant');

describe('time: readings', () => {
  it('reads epoch milliseconds and seconds, as numbers or numeric text', () => {
    expect(read('epoch-ms', '1507032037000')).toEqual(instant('2017-10-03T12:00:37Z'));
    expect(read('epoch-ms', 1507032037123)).toEqual(instant('2017-10-03T12:00:37.123Z'));
    expect(read('epoch-s', '1507032037')).toEqual(instant('2017-10-03T12:00:37Z'));
    expect(read('epoch-s', 1507032037.5)).toEqual(instant('2017-10-03T12:00:37.500Z'));
    // epoch: milliseconds from 10^11 on (seconds would be after the year 5000).
    expect(read('epoch', '1507032037000')).toEqual(instant('2017-10-03T12:00:37Z'));
    expect(read('epoch', 1507032037)).toEqual(instant('2017-10-03T12:00:37Z'));
    expect(read('epoch-ms', 'soon')).toBe('"soon" is not a number of milliseconds since 1970');
  });

  it('reads a declared pattern in a declared zone, across clock changes', () => {
    const ny = { pattern: 'YYYY-MM-DD HH:mm:ss', zone: 'America/New_York' };
    expect(read(ny, '2017-10-03 08:00:37')).toEqual(instant('2017-10-03T12:00:37Z')); // EDT, UTC-4
    expect(read(ny, '2017-01-15 08:00:00')).toEqual(instant('2017-01-15T13:00:00Z')); // EST, UTC-5
    // 01:30 on 5 November 2017 happened twice: the earlier; 02:30 on 12 March never: moved past the gap.
    expect(read(ny, '2017-11-05 01:30:00')).toEqual(instant('2017-11-05T05:30:00Z'));
    expect(read(ny, '2017-03-12 02:30:00')).toEqual(instant('2017-03-12T07:30:00Z'));
    expect(read({ pattern: 'DD.MM.YYYY HH:mm:ss', zone: '+05:30' }, '03.10.2017 17:30:37')).toEqual(
      instant('2017-10-03T12:00:37Z'),
    );
    expect(read({ pattern: 'YYYY-MM-DD HH:mm:ss', zone: 'UTC' }, '2017-02-30 10:00:00')).toBe(
      '"2017-02-30 10:00:00" names no real date and time',
    );
  });

  it('takes the precision from the pattern: minute without seconds, day for a date', () => {
    expect(read({ pattern: 'YYYY-MM-DD HH:mm', zone: 'UTC' }, '2017-10-03 12:00')).toEqual(
      new TimeValue('2017-10-03T12:00:00Z', '2017-10-03T12:00:59Z', 'minute'),
    );
    // A day in Berlin on the day clocks went forward: 23 hours.
    expect(read({ pattern: 'D.M.YYYY', zone: 'Europe/Berlin' }, '26.3.2017')).toEqual(
      new TimeValue('2017-03-25T23:00:00Z', '2017-03-26T21:59:59Z', 'day'),
    );
    expect(read({ pattern: 'iso', zone: 'UTC' }, '2001-05-15')).toEqual(
      new TimeValue('2001-05-15T00:00:00Z', '2001-05-15T23:59:59Z', 'day'),
    );
  });

  it('reads the US M/D/YYYY H:MM, with optional seconds and AM/PM', () => {
    const us = { pattern: 'us', zone: 'UTC' };
    const minute = (at: string, to: string) => new TimeValue(at, to, 'minute');
    expect(read(us, '10/3/2017 4:05')).toEqual(minute('2017-10-03T04:05:00Z', '2017-10-03T04:05:59Z'));
    expect(read(us, '10/3/2017 4:05 PM')).toEqual(minute('2017-10-03T16:05:00Z', '2017-10-03T16:05:59Z'));
    expect(read(us, '10/3/2017 12:05 am')).toEqual(minute('2017-10-03T00:05:00Z', '2017-10-03T00:05:59Z'));
    expect(read(us, '10/3/2017 16:05:09')).toEqual(instant('2017-10-03T16:05:09Z'));
    expect(read(us, '10/3/2017 16:05 PM')).toBe('"10/3/2017 16:05 PM": hour 16 with AM/PM');
    expect(read(us, '2017-10-03 16:05')).toBe('"2017-10-03 16:05" is not a time in the form M/D/YYYY H:mm[:ss][ A]');
  });

  it('reads ISO with an offset, and wants a zone for ISO without one', () => {
    expect(read('iso', '2001-05-14T16:39:00-07:00')).toEqual(instant('2001-05-14T23:39:00Z'));
    expect(read('iso', '2001-05-14T16:39:00')).toBe(
      '"2001-05-14T16:39:00" has no offset; declare the zone it is written in (time: {pattern, zone})',
    );
  });

  it('refuses a declaration that cannot work, naming the rule', () => {
    const issues: { path: string; message: string }[] = [];
    compileTime({ pattern: 'YYYY-MM-DD HH:mm' }, 'a', issues);
    compileTime({ pattern: 'YYYY-MM-DD', zone: 'Mars/Olympus' }, 'b', issues);
    compileTime({ pattern: 'YYYY-QQ', zone: 'UTC' }, 'c', issues);
    expect(issues).toEqual([
      {
        path: 'a',
        message:
          'the time pattern "YYYY-MM-DD HH:mm" has no offset (Z): declare the zone it is written in, e.g. { pattern: "YYYY-MM-DD HH:mm", zone: UTC } or zone: America/New_York',
      },
      {
        path: 'b.zone',
        message: 'unknown time zone "Mars/Olympus": give an IANA name (America/New_York), UTC or an offset (+05:30)',
      },
      {
        path: 'c.pattern',
        message: 'time pattern "YYYY-QQ" needs one year (YYYY or YY), one month (M, MM or MMM) and one day (D or DD)',
      },
    ]);
  });
});

describe('time: in a mapping', () => {
  const tweets = (time: unknown) => ({
    nodes: [
      {
        name: 'm',
        label: 'Message',
        properties: {
          platform: 'twitter',
          ref: '{id}',
          kind: 'tweet',
          text: '{text}',
          sent: { column: 'created', time },
        },
      },
    ],
  });

  it('refuses the whole mapping before any row when a pattern has no zone', () => {
    expect(() => parseMapping(tweets({ pattern: 'YYYY-MM-DD HH:mm:ss' }), 'tweets.yaml')).toThrow(MappingError);
    expect(() => parseMapping(tweets({ pattern: 'YYYY-MM-DD HH:mm:ss' }), 'tweets.yaml')).toThrow(
      /^tweets\.yaml: nodes\[0\]\.properties\.sent\.time: the time pattern "YYYY-MM-DD HH:mm:ss" has no offset/,
    );
  });

  it('sets sentPrecision, sentFrom and sentTo from one sent: value, epoch ms and patterns alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mapping-time-'));
    const file = path.join(dir, 'tweets.csv');
    writeFileSync(file, 'id,created,text\n1,1507032037000,one\n2,,two\n3,yesterday,three\n');
    const out = await collect(mappedCsvParser(parseMapping(tweets('epoch-ms'))), file);
    expect(out.records.map((r) => r.record.properties)).toEqual([
      {
        platform: 'twitter',
        ref: '1',
        kind: 'tweet',
        text: 'one',
        sentPrecision: 'instant',
        sentFrom: '2017-10-03T12:00:37Z',
        sentTo: '2017-10-03T12:00:37Z',
      },
      { platform: 'twitter', ref: '2', kind: 'tweet', text: 'two' },
    ]);
    expect(out.errors.map((e) => [e.where.line, e.error])).toEqual([
      [4, 'nodes[0].properties.sent.time: "yesterday" is not a number of milliseconds since 1970'],
    ]);
    for (const { record } of out.records) expect(() => toWrites(record)).not.toThrow();

    writeFileSync(file, 'id,created,text\n1,10/3/2017 8:00 AM,one\n');
    const us = await collect(mappedCsvParser(parseMapping(tweets({ pattern: 'us', zone: 'America/New_York' }))), file);
    expect(us.records[0]?.record.properties).toMatchObject({
      sentPrecision: 'minute',
      sentFrom: '2017-10-03T12:00:00Z',
      sentTo: '2017-10-03T12:00:59Z',
    });
  });

  it('gives any datetime property the first instant, and says how to declare a time it cannot read', async () => {
    const mapping = parseMapping({
      nodes: [
        {
          name: 'a',
          label: 'Account',
          properties: { platform: 'twitter', handle: '{h}', createdAt: { column: 'c', time: 'epoch-s' } },
        },
        { name: 'b', label: 'Account', properties: { platform: 'twitter', handle: '{h}2', createdAt: '{c}' } },
      ],
    });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mapping-time-')), 'accounts.csv');
    writeFileSync(file, 'h,c\nann,1507032037\n');
    const out = await collect(mappedCsvParser(mapping), file);
    expect(out.records).toEqual([]);
    expect(out.errors.map((e) => e.error)).toEqual([
      'nodes[1].properties.createdAt: "1507032037" is not an ISO time with an offset; declare how it is written with time: (epoch-ms, epoch-s, or { pattern, zone })',
    ]);
  });
});
