import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikeEml, looksLikeMaildir, looksLikeMbox, parseMaildir } from '../../server/ingest/email/index.js';
import type { Parsed } from '../../server/ingest/types.js';
import { toWrites } from '../../server/model/records.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'email');
const MAILDIR = path.join(FIXTURES, 'maildir');
const rel = (file: string) => path.relative(MAILDIR, file).split(path.sep).join('/');

const tmp = mkdtempSync(path.join(tmpdir(), 'backchannel-maildir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function collect(root: string) {
  const items: Parsed[] = [];
  for await (const item of parseMaildir(root)) items.push(item);
  for (const item of items) {
    if ('record' in item) expect(() => toWrites(item.record), JSON.stringify(item.record)).not.toThrow();
  }
  return items;
}

describe('parseMaildir', () => {
  it('walks the tree in numeric order, one message per file, skipping what is not a message', async () => {
    const items = await collect(MAILDIR);
    expect(items.filter((i) => 'error' in i)).toEqual([]);
    const messages = items.flatMap((i) => {
      if (!('record' in i)) return [];
      const r = i.record as { node?: string; properties: Record<string, unknown> };
      return r.node === 'Message' ? [[rel(i.where.file), i.where.line, r.properties.ref, r.properties.folder]] : [];
    });
    expect(messages).toEqual([
      ['allen-p/inbox/1.', 1, 'd1@thyme', '\\Phillip_Allen_Jan2002_1\\Allen, Phillip K.\\Inbox'],
      ['allen-p/inbox/2.', 1, 'd2@thyme', 'allen-p/inbox'],
      ['allen-p/inbox/10.', 1, 'd10@thyme', 'allen-p/inbox'],
      // The same Message-ID in inbox and sent items: the same records again (the loader MERGEs them).
      ['allen-p/sent_items/1.', 1, 'd1@thyme', 'allen-p/sent_items'],
      ['box/.Sent/cur/1305000003.M4P4.host!2,S', 1, 'sent1@host', 'box/.Sent'],
      ['box/cur/1305000000.M1P1.host!2,S', 1, 'cur1@host', 'box'],
      ['box/new/1305000001.M2P2.host', 1, 'new1@host', 'box'],
      ['exports/one.eml', 1, 'eml1@host', 'exports'],
    ]);
    expect(items.flatMap((i) => ('warning' in i ? [[rel(i.where.file), i.warning]] : []))).toEqual([
      ['allen-p/notes.txt', 'not a message file (not a CMU "1." name, a cur/ or new/ file, or .eml): skipped'],
      ['box/tmp/1305000002.M3P3.host', 'in a maildir tmp/ folder (a delivery not finished): skipped'],
    ]);
    // Every item of a message names its file and its Message-ID.
    for (const item of items) {
      if ('record' in item) expect(item.where.record).toMatch(/@/);
    }
    // Display names from X-From / X-To in the CMU file.
    const names = items.flatMap((i) => {
      const r = 'record' in i ? (i.record as { node?: string; properties: Record<string, unknown> }) : undefined;
      return r?.node === 'Account' && r.properties.displayName ? [[r.properties.handle, r.properties.displayName]] : [];
    });
    expect(names).toEqual([
      ['heather.dunton@enron.com', 'Dunton, Heather'],
      ['k..allen@enron.com', 'Allen, Phillip K.'],
    ]);
  });

  it('reports progress in bytes of the files read', async () => {
    let bytes = 0;
    for await (const _item of parseMaildir(path.join(MAILDIR, 'allen-p'), { onBytes: (n) => (bytes += n) })) {
      // drain
    }
    expect(bytes).toBeGreaterThan(0);
  });

  it('rejects an empty message file and refuses a plain file as the root', async () => {
    const root = path.join(tmp, 'tree');
    mkdirSync(path.join(root, 'inbox'), { recursive: true });
    writeFileSync(path.join(root, 'inbox', '1.'), '');
    expect(await collect(root)).toEqual([
      {
        where: { file: path.join(root, 'inbox', '1.'), line: 1 },
        error: 'not an email message: it does not start with a header',
        raw: '',
      },
    ]);
    await expect(collect(path.join(root, 'inbox', '1.'))).rejects.toThrow(/a maildir is a directory/);
  });

  it('detects mail trees and single messages', () => {
    expect(looksLikeMaildir(MAILDIR)).toBe(true);
    expect(looksLikeMaildir(path.join(MAILDIR, 'box'))).toBe(true);
    expect(looksLikeMaildir(path.join(MAILDIR, 'allen-p'))).toBe(true);
    expect(looksLikeMaildir(path.join(FIXTURES, 'plain-crlf.eml'))).toBe(false);
    const empty = path.join(tmp, 'empty-dir');
    mkdirSync(empty, { recursive: true });
    expect(looksLikeMaildir(empty)).toBe(false);

    expect(looksLikeEml(path.join(MAILDIR, 'allen-p', 'inbox', '1.'))).toBe(true);
    expect(looksLikeEml(path.join(FIXTURES, 'no-date-no-id.eml'))).toBe(true);
    expect(looksLikeEml(path.join(MAILDIR, 'allen-p', 'notes.txt'))).toBe(false);
    expect(looksLikeEml(path.join(FIXTURES, 'mailbox.mbox'))).toBe(false);
    expect(looksLikeMbox(path.join(MAILDIR, 'allen-p', 'inbox', '1.'))).toBe(false);
  });
});
