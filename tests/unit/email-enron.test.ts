/**
 * The real CMU Enron maildir in ../shared/data (four mailboxes, ~1,330 messages), parsed end to end.
 * Required under CI (CI=true); skipped elsewhere, saying so, when the folder is not beside the clone.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.js';
import { looksLikeMaildir, parseMaildir } from '../../server/ingest/email/index.js';
import { toWrites } from '../../server/model/records.js';
import type { WriteRecord } from '../../server/model/records.js';

const ENRON = path.resolve(PROJECT_ROOT, '..', 'shared', 'data', 'enron-maildir');
const present = existsSync(ENRON);
if (!present && process.env.CI === 'true') {
  throw new Error(`${ENRON} is missing: CI needs ../shared/data beside the clone (see its README)`);
}
const note = present ? '' : '(SKIPPED: ../shared/data/enron-maildir not found; it is required when CI=true)';

interface Seen {
  files: Set<string>;
  messages: number;
  refs: Set<string>;
  accounts: Set<string>;
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  errors: string[];
  invalid: string[];
  warnings: Record<string, number>;
  byRef: Map<string, Record<string, unknown>[]>;
}

describe.skipIf(!present)(`the CMU Enron maildir ${note}`, () => {
  const seen: Seen = {
    files: new Set(),
    messages: 0,
    refs: new Set(),
    accounts: new Set(),
    nodes: {},
    relationships: {},
    errors: [],
    invalid: [],
    warnings: {},
    byRef: new Map(),
  };

  beforeAll(async () => {
    for await (const item of parseMaildir(ENRON)) {
      seen.files.add(item.where.file);
      if ('warning' in item) {
        // Group by the warning's kind: its wording up to the first colon or quote.
        const kind = item.warning.split(/[:"(]/)[0]!.trim();
        seen.warnings[kind] = (seen.warnings[kind] ?? 0) + 1;
        continue;
      }
      if ('error' in item) {
        seen.errors.push(`${item.where.file}: ${item.error}`);
        continue;
      }
      const record = item.record as Record<string, unknown>;
      let writes: WriteRecord[];
      try {
        writes = toWrites(record);
      } catch (error) {
        seen.invalid.push(`${item.where.file}: ${(error as Error).message}`);
        continue;
      }
      for (const w of writes) {
        const bucket = w.kind === 'node' ? seen.nodes : seen.relationships;
        const name = w.kind === 'node' ? w.label : w.type;
        bucket[name] = (bucket[name] ?? 0) + 1;
        if (w.kind === 'node' && w.label === 'Account') seen.accounts.add(w.id);
      }
      if (record.node === 'Message') {
        seen.messages++;
        seen.refs.add(String((record.properties as { ref: string }).ref));
      }
      const ref = item.where.record!;
      seen.byRef.set(ref, [...(seen.byRef.get(ref) ?? []), record]);
    }
  }, 120_000);

  it('parses every message file with no errors and no invalid record', () => {
    expect(looksLikeMaildir(ENRON)).toBe(true);
    expect(seen.errors).toEqual([]);
    expect(seen.invalid).toEqual([]);
    expect(seen.files.size).toBe(1332);
    expect(seen.messages).toBe(1332);
    expect(seen.refs.size).toBe(1332);
  });

  it('finds the accounts, recipients and links the mailboxes hold', () => {
    expect(seen.accounts.size).toBe(2820);
    expect(seen.relationships).toMatchObject({ SENT: 1332, TO: 11432, CC: 700, BCC: 700, LINKS_TO: 2255 });
    expect(seen.nodes).toMatchObject({ Message: 1332, Url: 2255, Domain: 2255 });
  });

  it('reports only the problems the data has', () => {
    expect(seen.warnings).toEqual({
      // Enron's conversion copied Cc into Bcc on every message that had a Cc.
      'Bcc repeats Cc while X-bcc is empty': 125,
      // http://nahou-msowa01p/exchange/john.doe: an intranet host, no domain.
      'invalid URL': 2,
      // "Tue, 20 Dec 0001 21:26:20 -0800 (PST)": year 1.
      'unreadable Date header': 2,
    });
  });

  it('maps a message exactly: time with its offset, display names from X-From/X-To, folder', () => {
    const records = seen.byRef.get('16159836.1075855377439.JavaMail.evans@thyme')!;
    expect(records.filter((r) => 'node' in r)).toEqual([
      {
        node: 'Account',
        properties: expect.objectContaining({
          platform: 'email',
          handle: 'heather.dunton@enron.com',
          displayName: 'Dunton, Heather',
        }),
      },
      {
        node: 'Account',
        properties: expect.objectContaining({
          platform: 'email',
          handle: 'k..allen@enron.com',
          displayName: 'Allen, Phillip K.',
        }),
      },
      {
        node: 'Message',
        properties: expect.objectContaining({
          ref: '16159836.1075855377439.JavaMail.evans@thyme',
          subject: 'RE: West Position',
          folder: '\\Phillip_Allen_Jan2002_1\\Allen, Phillip K.\\Inbox',
          sentPrecision: 'instant',
          sentFrom: '2001-12-07T10:06:42-08:00',
          sentTo: '2001-12-07T10:06:42-08:00',
          text: expect.stringContaining('Please let me know if you still need Curve Shift.'),
        }),
      },
    ]);
    expect(records.filter((r) => 'relationship' in r).map((r) => r.relationship)).toEqual(['SENT', 'TO']);
  });

  it('keeps every sending time in the zone it was written in (Pacific)', () => {
    const offsets = new Set<string>();
    for (const records of seen.byRef.values()) {
      for (const r of records) {
        const p = r.properties as { sentFrom?: string } | undefined;
        if (r.node === 'Message' && p?.sentFrom) offsets.add(p.sentFrom.slice(-6));
      }
    }
    expect([...offsets].sort()).toEqual(['-07:00', '-08:00']);
  });
});
