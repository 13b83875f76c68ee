import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseEml } from '../../server/ingest/email/index.js';
import type { Parsed } from '../../server/ingest/types.js';
import { NODES } from '../../server/model/graph-model.js';
import { toWrites } from '../../server/model/records.js';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'email');
const fixture = (name: string) => path.join(FIXTURES, name);
const HAS_DISPLAY_NAMES = Object.hasOwn(NODES.Account.properties, 'displayNames');

interface Collected {
  items: Parsed[];
  records: Record<string, unknown>[];
  warnings: string[];
  errors: string[];
}

async function collect(file: string): Promise<Collected> {
  const items: Parsed[] = [];
  for await (const item of parseEml(file)) items.push(item);
  const records = items.flatMap((i) => ('record' in i ? [i.record as Record<string, unknown>] : []));
  // Every record the parser yields is one the model accepts.
  for (const record of records) expect(() => toWrites(record), JSON.stringify(record)).not.toThrow();
  return {
    items,
    records,
    warnings: items.flatMap((i) => ('warning' in i ? [i.warning] : [])),
    errors: items.flatMap((i) => ('error' in i ? [i.error] : [])),
  };
}

const nodes = (c: Collected, label: string) =>
  c.records.filter((r) => r.node === label).map((r) => r.properties as Record<string, unknown>);
const account = (handle: string, ...names: string[]) => ({
  platform: 'email',
  handle,
  ...(names.length ? { displayName: names[0] } : {}),
  ...(names.length && HAS_DISPLAY_NAMES ? { displayNames: names } : {}),
});
const message = (ref: string) => ({ label: 'Message', key: { platform: 'email', ref } });
const acct = (handle: string) => ({ label: 'Account', key: { platform: 'email', handle } });
/** Relationships as "TYPE from → to" lines, for compact exact assertions. */
const edges = (c: Collected) =>
  c.records
    .filter((r) => 'relationship' in r)
    .map((r) => {
      const end = (e: unknown) => Object.values((e as { key: Record<string, string> }).key).at(-1);
      return `${String(r.relationship)} ${end(r.from)} → ${end(r.to)}`;
    });

const tmp = mkdtempSync(path.join(tmpdir(), 'backchannel-eml-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseEml', () => {
  it('maps a plain CRLF message: accounts, message, time with its offset, recipients, URLs', async () => {
    expect(readFileSync(fixture('plain-crlf.eml'), 'latin1')).toContain('\r\n'); // the fixture is CRLF
    const c = await collect(fixture('plain-crlf.eml'));
    expect(c.errors).toEqual([]);
    expect(c.warnings).toEqual([]);
    expect(c.items.every((i) => i.where.file === fixture('plain-crlf.eml') && i.where.line === 1)).toBe(true);
    expect(c.items.every((i) => i.where.record === 'plain.1@example.com')).toBe(true);
    expect(nodes(c, 'Account')).toEqual([
      account('k..allen@enron.com', 'Allen, Phillip K.'),
      account('heather.dunton@enron.com', 'Heather Dunton'),
      account('tim.belden@enron.com'),
      account('mike.grigsby@enron.com', 'Mike Grigsby'),
    ]);
    expect(nodes(c, 'Message')).toEqual([
      {
        platform: 'email',
        ref: 'plain.1@example.com',
        kind: 'email',
        subject: 'West Position report',
        text:
          'Heather,\n\nThe curve is at http://www.enron.com/west/curve?id=7&utm_source=mail. and\n' +
          'also www.EnronOnline.com; write to me at k..allen@enron.com.\n\nPhillip\n',
        sentPrecision: 'instant',
        sentFrom: '2001-05-14T16:39:00-07:00',
        sentTo: '2001-05-14T16:39:00-07:00',
      },
    ]);
    // The address in the text is not read as a link to enron.com.
    expect(nodes(c, 'Url')).toEqual([
      { url: 'http://www.enron.com/west/curve?id=7&utm_source=mail' },
      { url: 'www.EnronOnline.com' },
    ]);
    expect(edges(c)).toEqual([
      'SENT k..allen@enron.com → plain.1@example.com',
      'TO plain.1@example.com → heather.dunton@enron.com',
      'TO plain.1@example.com → tim.belden@enron.com',
      'CC plain.1@example.com → mike.grigsby@enron.com',
      'LINKS_TO plain.1@example.com → http://www.enron.com/west/curve?id=7&utm_source=mail',
      'LINKS_TO plain.1@example.com → www.EnronOnline.com',
    ]);
    expect(c.records.find((r) => r.relationship === 'LINKS_TO')).toEqual({
      relationship: 'LINKS_TO',
      from: message('plain.1@example.com'),
      to: { label: 'Url', key: { url: 'http://www.enron.com/west/curve?id=7&utm_source=mail' } },
      properties: { asWritten: ['http://www.enron.com/west/curve?id=7&utm_source=mail'] },
    });
    expect(c.records.find((r) => r.relationship === 'SENT')).toEqual({
      relationship: 'SENT',
      from: acct('k..allen@enron.com'),
      to: message('plain.1@example.com'),
    });
  });

  it('decodes RFC 2047 names and folded subjects, and reports an unknown charset', async () => {
    const c = await collect(fixture('encoded-headers.eml'));
    expect(nodes(c, 'Account')).toEqual([
      account('juergen.mueller@example.de', 'Jürgen Müller'),
      account('francois@example.fr', 'François Dupont'),
      account('mystery@example.org', 'Mystery'),
    ]);
    expect(nodes(c, 'Message')[0]).toMatchObject({
      subject: 'Café und Straße',
      text: 'Grüße aus Köln.\n',
      sentFrom: '2001-05-15T09:05:07+02:00',
    });
    expect(c.warnings).toEqual(['undecodable encoded word in Cc: unknown charset "x-no-such-charset"']);
  });

  it('gives a message without Date or Message-ID a synthetic ref and an unknown time, with warnings', async () => {
    const c = await collect(fixture('no-date-no-id.eml'));
    const [msg] = nodes(c, 'Message');
    const ref = msg!.ref as string;
    expect(ref).toMatch(/^synthetic-[0-9a-f]{32}@backchannel\.invalid$/);
    expect(msg).toEqual({
      platform: 'email',
      ref,
      kind: 'email',
      subject: 'Who sent this and when?',
      text: 'No date and no Message-ID here.\n',
      sentPrecision: 'unknown',
    });
    expect(c.warnings).toEqual([
      `no Message-ID: using the synthetic ref ${ref}`,
      'no Date header: the sending time is unknown',
    ]);
    expect(c.items.every((i) => i.where.record === ref)).toBe(true);
    // Stable: the same message gives the same ref on every load.
    expect(nodes(await collect(fixture('no-date-no-id.eml')), 'Message')[0]!.ref).toBe(ref);
  });

  it('reads an HTML-only body as text and takes its links, skipping mailto, relative and invalid ones', async () => {
    const c = await collect(fixture('html-only.eml'));
    const [msg] = nodes(c, 'Message');
    expect(msg!.sentFrom).toBe('2001-05-14T16:39:00-04:00');
    expect(msg!.text).not.toMatch(/<\/?[a-z]+[ >]/i);
    expect(msg!.text).toContain('Read the story');
    expect(msg!.text).not.toContain('var ignored');
    expect(nodes(c, 'Url')).toEqual([{ url: 'https://Example.com/story?id=1&utm_campaign=x' }, { url: 'wlsearch.tk' }]);
    expect(edges(c).filter((e) => e.startsWith('LINKS_TO'))).toEqual([
      'LINKS_TO html.1@example.com → https://Example.com/story?id=1&utm_campaign=x',
      'LINKS_TO html.1@example.com → wlsearch.tk',
    ]);
    expect(c.warnings).toEqual(['invalid URL "http://intranet/notes" skipped']);
  });

  it('records attachments as name, type and size', async () => {
    const c = await collect(fixture('attachment.eml'));
    expect(nodes(c, 'Message')[0]).toMatchObject({
      text: 'See attached.',
      attachments: ['numbers.csv (text/csv, 19 bytes)'],
      sentFrom: '2001-05-16T08:00:00-05:00',
    });
    expect(c.warnings).toEqual([]);
  });

  it('links a reply to In-Reply-To, else to the last of References', async () => {
    const reply = await collect(fixture('reply.eml'));
    expect(reply.records.filter((r) => r.relationship === 'REPLIES_TO')).toEqual([
      { relationship: 'REPLIES_TO', from: message('reply.2@example.com'), to: message('plain.1@example.com') },
    ]);
    const refsOnly = await collect(fixture('references-only.eml'));
    expect(edges(refsOnly).filter((e) => e.startsWith('REPLIES_TO'))).toEqual([
      'REPLIES_TO reply.3@example.com → reply.2@example.com',
    ]);
    // The replied-to message is referenced by key only: no stub record is invented here.
    expect(nodes(refsOnly, 'Message').map((m) => m.ref)).toEqual(['reply.3@example.com']);
  });

  it('loads a message with malformed headers with what is valid, one warning per problem', async () => {
    const c = await collect(fixture('malformed.eml'));
    expect(c.errors).toEqual([]);
    expect(nodes(c, 'Account').map((a) => a.handle)).toEqual([
      'secretary@example.com',
      'good@example.com',
      'a@example.com',
      'b@example.com',
    ]);
    expect(nodes(c, 'Message')[0]).toEqual({
      platform: 'email',
      ref: 'malformed.1@example.com',
      kind: 'email',
      subject: 'Broken headers',
      text: 'Body.\n',
      sentPrecision: 'unknown',
      sentNote: 'unreadable Date header: sometime last week',
    });
    expect(edges(c)).toEqual([
      'SENT secretary@example.com → malformed.1@example.com',
      'TO malformed.1@example.com → good@example.com',
      'CC malformed.1@example.com → a@example.com',
      'CC malformed.1@example.com → b@example.com',
      'CC malformed.1@example.com → good@example.com',
    ]);
    expect(c.warnings).toEqual([
      'no usable From: the sender is taken from Sender',
      'malformed address in To: "foo bar" skipped',
      'malformed address in To: "(empty)" skipped',
      'unreadable Date header "sometime last week" (not an RFC 5322 date): the sending time is unknown',
    ]);
  });

  it('takes display names from Enron X-From/X-To/X-cc when they pair up, and the folder from X-Folder', async () => {
    const c = await collect(fixture('enron-style.eml'));
    expect(nodes(c, 'Account')).toEqual([
      account('k..allen@enron.com', 'Allen, Phillip K.'),
      account('mike.grigsby@enron.com', 'Grigsby, Mike'),
      account('jsmith@austintx.com', 'Jeff Smith'),
      account('pallen70@hotmail.com'),
      account('keith.holst@enron.com', 'Holst, Keith'),
    ]);
    expect(nodes(c, 'Message')[0]).toMatchObject({
      ref: '33470840.1075858642791.JavaMail.evans@thyme',
      folder: '\\PALLEN (Non-Privileged)\\Allen, Phillip K.\\Sent Items',
      sentFrom: '2001-08-30T11:56:58-07:00',
    });
    expect(edges(c)).toEqual([
      'SENT k..allen@enron.com → 33470840.1075858642791.JavaMail.evans@thyme',
      'TO 33470840.1075858642791.JavaMail.evans@thyme → mike.grigsby@enron.com',
      'TO 33470840.1075858642791.JavaMail.evans@thyme → jsmith@austintx.com',
      'TO 33470840.1075858642791.JavaMail.evans@thyme → pallen70@hotmail.com',
      'CC 33470840.1075858642791.JavaMail.evans@thyme → keith.holst@enron.com',
      'BCC 33470840.1075858642791.JavaMail.evans@thyme → keith.holst@enron.com',
    ]);
    expect(c.warnings).toEqual([
      'Bcc repeats Cc while X-bcc is empty (a known Enron conversion artefact): BCC kept as written',
    ]);
  });

  it('reads an .eml that keeps its mbox envelope line', async () => {
    const file = path.join(tmp, 'with-envelope.eml');
    writeFileSync(
      file,
      `From alice@example.com Mon May 14 16:39:00 2001\n${readFileSync(fixture('reply.eml'), 'utf8')}`,
    );
    const c = await collect(file);
    expect(c.warnings).toEqual([]);
    expect(nodes(c, 'Message').map((m) => m.ref)).toEqual(['reply.2@example.com']);
  });

  it('copes with a bare Message-ID, a zone-less Date, and broken or circular threading headers', async () => {
    const file = path.join(tmp, 'odd-headers.eml');
    writeFileSync(
      file,
      'Message-ID: bare.id@example.com\nDate: Mon, 14 May 2001 16:39:00\nFrom: a@example.com\n' +
        'In-Reply-To: your message of yesterday\nReferences: <root@example.com> <bare.id@example.com>\n' +
        'Subject: Odd\n\nText.\n',
    );
    const c = await collect(file);
    expect(nodes(c, 'Message')[0]).toEqual({
      platform: 'email',
      ref: 'bare.id@example.com',
      kind: 'email',
      subject: 'Odd',
      text: 'Text.\n',
      sentPrecision: 'instant',
      sentFrom: '2001-05-14T16:39:00+00:00',
      sentTo: '2001-05-14T16:39:00+00:00',
      sentNote: 'the Date header has no time zone; read as UTC',
    });
    // The last of References is the message itself: no reply edge to itself.
    expect(edges(c)).toEqual(['SENT a@example.com → bare.id@example.com']);
    expect(c.warnings).toEqual([
      'malformed Message-ID "bare.id@example.com": no angle brackets, used as written',
      'the Date header has no time zone; read as UTC: "Mon, 14 May 2001 16:39:00"',
      'malformed In-Reply-To "your message of yesterday": ignored',
      'the message says it replies to itself: ignored',
    ]);
  });

  it('falls back to an address X-From spells out, and warns when there is no sender at all', async () => {
    const viaX = path.join(tmp, 'x-from.eml');
    writeFileSync(
      viaX,
      'Message-ID: <x@example.com>\nDate: Mon, 14 May 2001 16:39:00 -0700\n' +
        'X-From: The New York Times Direct <nytdirect@nytimes.com>@ENRON\nTo: k..allen@enron.com\n\nNews.\n',
    );
    const c = await collect(viaX);
    expect(edges(c)).toEqual(['SENT nytdirect@nytimes.com → x@example.com', 'TO x@example.com → k..allen@enron.com']);
    expect(c.warnings).toEqual(['no usable From: the sender is taken from X-From']);

    const nobody = path.join(tmp, 'nobody.eml');
    writeFileSync(
      nobody,
      'Message-ID: <n@example.com>\nDate: Mon, 14 May 2001 16:39:00 -0700\nFrom: Just A Name\n\nHi.\n',
    );
    const n = await collect(nobody);
    expect(edges(n)).toEqual([]);
    expect(n.warnings).toEqual([
      'malformed address in From: "Just A Name" skipped',
      'no sender address: the message has no SENT relationship',
    ]);
  });

  it('rejects a file that is not a message, keeping its start', async () => {
    const file = path.join(tmp, 'notes.eml');
    writeFileSync(file, 'just some notes\nnot a header in sight\n');
    const c = await collect(file);
    expect(c.records).toEqual([]);
    expect(c.items).toEqual([
      {
        where: { file, line: 1 },
        error: 'not an email message: it does not start with a header',
        raw: 'just some notes\nnot a header in sight\n',
      },
    ]);
  });
});
