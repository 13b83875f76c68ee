/**
 * Progress and the load summary tell the truth: the percentage never passes 100 and, for a folder,
 * is measured against what the parser reads; "from N file(s)" counts files read; node counts are
 * distinct nodes, with their records beside them. Dry runs: no database.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { FORMATS } from '../../server/ingest/formats.js';
import type { FormatName } from '../../server/ingest/formats.js';
import { measureInput } from '../../server/load/input-size.js';
import { percentDone, progressLine } from '../../server/load/progress.js';
import type { ProgressCounts } from '../../server/load/progress.js';
import { runLoad } from '../../server/load/run.js';
import { FilesRead, hash53, nodeCounts, Tally } from '../../server/load/tally.js';

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const MAILDIR = path.join(FIXTURES, 'email', 'maildir');
const ARCHIVE = path.join(FIXTURES, 'twitter', 'archive');
const IRA_CSV = path.join(FIXTURES, 'twitter', 'ira-tweets.csv');

const dirs: string[] = [];
async function reportDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-progress-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** The bytes a format's parser reports reading, as the loader counts them. */
async function bytesParsed(file: string, format: FormatName): Promise<number> {
  let bytes = 0;
  for await (const item of FORMATS[format].parser(undefined)(file, { onBytes: (n) => (bytes += n) })) void item;
  return bytes;
}

describe('percentDone', () => {
  it('is unknown until there is a total, and never above 100', () => {
    expect(percentDone(500, 0)).toBeUndefined();
    expect(percentDone(0, 1000)).toBe(0);
    expect(percentDone(999, 1000)).toBe(99);
    expect(percentDone(1000, 1000)).toBe(100);
    // What printed 5771% before: a folder's bytes counted against a total that left it out.
    expect(percentDone(57_710, 1000)).toBe(100);
  });

  it('leaves the percentage out of the line while the total is unknown', () => {
    const counts: ProgressCounts = { read: 7, written: 5, rejected: 1, bytes: 300, totalBytes: 0 };
    expect(progressLine(counts, 12)).toBe('read 7, written 5, rejected 1, 12 rec/s');
    expect(progressLine({ ...counts, totalBytes: 600 }, 12)).toBe('50% read 7, written 5, rejected 1, 12 rec/s');
  });
});

describe('the bytes a load will read', () => {
  it.each([
    ['a maildir (its message files, not notes.txt or tmp/)', MAILDIR, 'maildir'],
    ['a Twitter archive folder (its data files)', ARCHIVE, 'twitter-archive'],
    ['a CSV file', IRA_CSV, 'ira-tweets-csv'],
  ] as const)('are what the parser reads, for %s: progress ends at 100%%', async (_, file, format) => {
    const measured = await measureInput([file], [format]).total;
    const parsed = await bytesParsed(file, format);
    expect(measured).toBeGreaterThan(0);
    expect(measured).toBe(parsed);
    expect(percentDone(parsed, measured!)).toBe(100);
  });

  it('stops measuring when told to', async () => {
    const size = measureInput([MAILDIR], ['maildir']);
    size.stop();
    expect(await size.total).toBeUndefined();
  });
});

describe('the load summary', () => {
  it('counts the files of a maildir that were read, and every update stays within 100%', async () => {
    const updates: ProgressCounts[] = [];
    const summary = await runLoad({
      files: [MAILDIR],
      reportDir: await reportDir(),
      progress: { update: (c) => updates.push({ ...c }), stop: () => {} },
    });
    // Message files only: notes.txt and the unfinished delivery in tmp/ are skipped with a warning.
    const messageFiles = new Set<string>();
    for await (const item of FORMATS.maildir.parser(undefined)(MAILDIR)) {
      if (!('warning' in item)) messageFiles.add(item.where.file);
    }
    expect(summary.files).toHaveLength(1);
    expect(summary.filesRead).toBe(messageFiles.size);
    expect(summary.filesRead).toBeGreaterThan(1);
    expect(updates.length).toBeGreaterThan(0);
    for (const c of updates) expect(percentDone(c.bytes, c.totalBytes) ?? 0).toBeLessThanOrEqual(100);
  });

  it('counts distinct nodes apart from their records', async () => {
    const summary = await runLoad({ files: [IRA_CSV], reportDir: await reportDir() });
    expect(summary.filesRead).toBe(1);
    // Each tweet's row carries its author's Account: fewer accounts than Account records.
    expect(summary.nodes.Account).toBeGreaterThan(0);
    expect(summary.nodeRecords.Account).toBeGreaterThan(summary.nodes.Account!);
    expect(summary.nodes.Message).toBe(summary.nodeRecords.Message);
  });
});

describe('tallies', () => {
  it('counts records and distinct ids per label', () => {
    const tally = new Tally();
    for (const id of ['account:a', 'account:b', 'account:a', 'account:a']) tally.add('Account', id);
    tally.add('Person', 'person:x');
    expect(tally.records).toEqual({ Account: 4, Person: 1 });
    expect(tally.distinct()).toEqual({ Account: 2, Person: 1 });
    expect(nodeCounts(tally.distinct(), tally.records)).toBe('Account 2 (4 records), Person 1');
    expect(nodeCounts({}, {})).toBe('none');
  });

  it('hashes ids apart (no collision among 200,000 similar ids)', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 200_000; i++) hashes.add(hash53(`message:twitter:${i}`));
    expect(hashes.size).toBe(200_000);
    expect(Number.isSafeInteger(hash53('account:twitter:wikileaks'))).toBe(true);
  });

  it('counts a file once for its consecutive records', () => {
    const files = new FilesRead();
    for (const f of ['a', 'a', 'b', 'b', 'b', 'c']) files.see(f);
    expect(files.count).toBe(3);
  });
});
