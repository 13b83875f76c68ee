import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikeMbox, parseMbox } from '../../server/ingest/email/index.js';
import type { Parsed } from '../../server/ingest/types.js';
import { toWrites } from '../../server/model/records.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'email');
const fixture = (name: string) => path.join(FIXTURES, name);

async function collect(file: string) {
  const items: Parsed[] = [];
  for await (const item of parseMbox(file)) items.push(item);
  const records = items.flatMap((i) => ('record' in i ? [i.record as Record<string, unknown>] : []));
  for (const record of records) expect(() => toWrites(record), JSON.stringify(record)).not.toThrow();
  return {
    items,
    records,
    /** Each message: where it starts, its ref, its text. */
    messages: items.flatMap((i): (Record<string, unknown> & { line?: number })[] =>
      'record' in i && (i.record as { node?: string }).node === 'Message'
        ? [
            {
              line: i.where.line,
              record: i.where.record,
              ...(i.record as { properties: Record<string, unknown> }).properties,
            },
          ]
        : [],
    ),
    warnings: items.flatMap((i) => ('warning' in i ? [{ line: i.where.line, warning: i.warning }] : [])),
    errors: items.flatMap((i) => ('error' in i ? [i.error] : [])),
  };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'backchannel-mbox-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseMbox', () => {
  it('splits at envelope lines after a blank line only, unquotes >From, keeps duplicates', async () => {
    const c = await collect(fixture('mailbox.mbox'));
    expect(c.errors).toEqual([]);
    expect(c.messages.map((m) => [m.line, m.ref, m.subject])).toEqual([
      [1, 'm1@example.com', 'First'],
      [16, 'm2@example.com', 'Re: First'],
      [26, 'm1@example.com', 'First'],
      [35, expect.stringMatching(/^synthetic-[0-9a-f]{32}@backchannel\.invalid$/), 'No Message-ID'],
    ]);
    expect(c.messages[0]!.text).toBe(
      'Hello Bob.\nFrom the desk of Alice.\n>From the archive.\n\n' +
        'From here on, nothing splits this message.\n' +
        'From bob@example.com Mon May 14 17:00:00 2001\n' +
        '(that envelope-looking line is not after a blank line, so it is body text too)\n',
    );
    expect(c.messages[0]).toMatchObject({ sentPrecision: 'instant', sentFrom: '2001-05-14T16:39:00-07:00' });
    // The separating blank line is not part of the message before it.
    expect(c.messages[1]!.text).toBe('Hi Alice.\n');
    // Every item of a message carries the line it starts on and its ref.
    for (const item of c.items) {
      const owner = [...c.messages].reverse().find((m) => m.line! <= item.where.line!)!;
      expect(item.where).toEqual({ file: fixture('mailbox.mbox'), line: owner.line, record: owner.ref });
    }
    expect(
      c.records.filter((r) => r.relationship === 'REPLIES_TO').map((r) => (r.to as { key: { ref: string } }).key.ref),
    ).toEqual(['m1@example.com']);
    expect(c.warnings).toEqual([
      { line: 35, warning: expect.stringMatching(/^no Message-ID: using the synthetic ref synthetic-/) },
    ]);
  });

  it('reads a CRLF mbox the same way', async () => {
    expect(readFileSync(fixture('mailbox-crlf.mbox'), 'latin1')).toContain('\r\n'); // the fixture is CRLF
    const c = await collect(fixture('mailbox-crlf.mbox'));
    expect(c.errors).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.messages.map((m) => [m.line, m.ref, m.text, m.sentFrom])).toEqual([
      [1, 'c1@example.com', 'Line one.\nFrom a quoted line.\n', '2001-05-16T08:00:00+01:00'],
      [11, 'c2@example.com', 'Line two.\n', '2001-05-16T09:00:00+01:00'],
    ]);
  });

  it('leaves a message its own charset: an 8-bit Latin-1 body and encoded headers decode', async () => {
    const c = await collect(fixture('latin1.mbox'));
    expect(c.warnings).toEqual([]);
    expect(c.messages.map((m) => [m.ref, m.subject, m.text])).toEqual([
      ['latin1@example.fr', 'déjà vu', 'Voilà, ça marche. Grüße.\n'],
    ]);
    expect(c.records.find((r) => r.node === 'Account')).toMatchObject({
      properties: { handle: 'rene@example.fr', displayName: 'René' },
    });
  });

  it('streams: the first message is yielded long before the file is read', async () => {
    const file = path.join(tmp, 'big.mbox');
    const body = 'x'.repeat(70) + '\n';
    const one = (i: number) =>
      `From sender@example.com Mon May 14 16:39:00 2001\nMessage-ID: <big.${i}@example.com>\n` +
      `Date: Mon, 14 May 2001 16:39:00 -0700\nFrom: sender@example.com\nTo: r@example.com\nSubject: ${i}\n\n` +
      `${body.repeat(40)}\n`;
    const linesPerMessage = one(0).split('\n').length - 1;
    const count = 2000;
    writeFileSync(file, Array.from({ length: count }, (_, i) => one(i)).join(''));
    const size = readFileSync(file).length;
    expect(size).toBeGreaterThan(5_000_000);

    let bytes = 0;
    let firstAt = -1;
    const starts: number[] = [];
    for await (const item of parseMbox(file, { onBytes: (n) => (bytes += n) })) {
      if (firstAt < 0) firstAt = bytes;
      if ('record' in item && (item.record as { node?: string }).node === 'Message') starts.push(item.where.line!);
    }
    expect(firstAt).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(bytes).toBe(size);
    expect(starts).toHaveLength(count);
    expect(starts.slice(0, 3)).toEqual([1, 1 + linesPerMessage, 1 + 2 * linesPerMessage]);

    // Stopping early closes the file: nothing more is read.
    let early = 0;
    for await (const item of parseMbox(file, { onBytes: (n) => (early += n) })) {
      if ('record' in item) break;
    }
    expect(early).toBeLessThan(size);
  }, 30_000);

  it('reports text before the first envelope, and rejects a file with no envelope at all', async () => {
    const withPreamble = path.join(tmp, 'preamble.mbox');
    writeFileSync(
      withPreamble,
      `stray line\n\nFrom a@example.com Mon May 14 16:39:00 2001\nMessage-ID: <p1@example.com>\nDate: Mon, 14 May 2001 16:39:00 -0700\nFrom: a@example.com\n\nHi\n`,
    );
    const c = await collect(withPreamble);
    expect(c.errors).toEqual([]);
    expect(c.messages.map((m) => [m.line, m.ref])).toEqual([[3, 'p1@example.com']]);
    expect(c.warnings).toEqual([
      { line: 1, warning: 'text before the first "From " envelope line is in no message: 1 line skipped' },
    ]);

    const notMbox = path.join(tmp, 'not.mbox');
    writeFileSync(notMbox, 'Subject: hello\n\nno envelope\n');
    expect((await collect(notMbox)).items).toEqual([
      { where: { file: notMbox, line: 1 }, error: 'not an mbox: no "From " envelope line starts a message', raw: '' },
    ]);

    const empty = path.join(tmp, 'empty.mbox');
    writeFileSync(empty, '');
    expect((await collect(empty)).items).toEqual([]);
  });

  it('detects an mbox from its first line or its name', () => {
    expect(looksLikeMbox(fixture('mailbox.mbox'))).toBe(true);
    expect(looksLikeMbox(fixture('mailbox-crlf.mbox'))).toBe(true);
    const noExtension = path.join(tmp, 'Inbox');
    writeFileSync(noExtension, readFileSync(fixture('mailbox.mbox')));
    expect(looksLikeMbox(noExtension)).toBe(true);
    expect(looksLikeMbox(fixture('plain-crlf.eml'))).toBe(false);
    expect(looksLikeMbox(fixture('maildir'))).toBe(false);
    expect(looksLikeMbox(path.join(tmp, 'missing'))).toBe(false);
  });
});
