/**
 * One parsed email → dataset records: the accounts that sent and received it, the message, the URLs
 * it links to, and the relationships between them. Pure: no I/O, the same input gives the same output.
 *
 * A header that is missing, malformed or undecodable never loses the message: it loads with what is
 * valid, and each problem is a warning beside it.
 */
import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { normaliseHandle } from '../../model/keys.js';
import { findUrls, normaliseUrl, UrlError } from '../../model/url.js';
import type { Location, Parsed } from '../types.js';
import { addressList, pairXNames, xAddress } from './addresses.js';
import type { Mailbox } from './addresses.js';
import { readEmailDate } from './dates.js';
import { decodeEncodedWords } from './encoded-words.js';

export const PLATFORM = 'email';

/** Where a message was read, and what its container knows about it. */
export interface MessageContext {
  readonly file: string;
  /** Line the message starts on (1 for a file holding one message). */
  readonly line?: number;
  /** The folder to record when the message has no X-Folder header (a maildir folder, say). */
  readonly folder?: string;
}

/** Limits of the model's properties (see server/model/properties.ts). */
const MAX_STRING = 2_000;
const MAX_TEXT = 1_000_000;
const MAX_LIST = 10_000;

interface Endpoint {
  readonly label: 'Account' | 'Message' | 'Url';
  readonly key: Readonly<Record<string, string>>;
}

const ENCODED_WORD = /=\?([^?\s]*)\?([^?\s]*)\?([^?\s]*)\?=/g;
const HEADER_NAMES: Readonly<Record<string, string>> = {
  from: 'From',
  sender: 'Sender',
  to: 'To',
  cc: 'Cc',
  bcc: 'Bcc',
  subject: 'Subject',
  'reply-to': 'Reply-To',
  date: 'Date',
  'message-id': 'Message-ID',
  'in-reply-to': 'In-Reply-To',
  references: 'References',
};

/** The value of a header as written: first occurrence, unfolded, without its name. */
export function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key)?.line;
  if (line === undefined) return undefined;
  const colon = line.indexOf(':');
  return line
    .slice(colon + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
}

function decodedHeader(mail: ParsedMail, key: string): string | undefined {
  const value = mail.headers.get(key);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}

/** Message-IDs in a header, angle brackets removed: `<a@b> <c@d>` → ['a@b', 'c@d']. */
export function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/<([^<>]+)>/g)].map((m) => m[1]!.replace(/\s+/g, '')).filter((id) => id !== '');
}

/** A stable ref for a message without a usable Message-ID, from what identifies it best. */
export function syntheticRef(from: string, date: string, subject: string, body: string): string {
  const hash = createHash('sha256').update([from, date, subject, body].join('\u0000')).digest('hex');
  return `synthetic-${hash.slice(0, 32)}@backchannel.invalid`;
}

/** Email addresses in running text, masked so their domains are not read as bare-host URLs. */
const EMAIL_IN_TEXT = /(?<![\w/.:%+=&?#~-])(?:mailto:)?[\w.!#$%&'*+=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+/gi;

function maskEmails(text: string): string {
  return text.replace(EMAIL_IN_TEXT, (m) => ' '.repeat(m.length));
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Link targets of an HTML body that are web addresses (not mailto:, cid:, anchors or relative paths). */
export function htmlLinks(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))/gi)) {
    const href = decodeEntities((m[1] ?? m[2] ?? m[3] ?? '').trim());
    if (/^(?:https?|ftp):/i.test(href) || /^www\./i.test(href)) links.push(href);
  }
  return links;
}

function attachmentLabel(a: ParsedMail['attachments'][number]): string {
  const name = clip((a.filename ?? '').replace(/\s+/g, ' ').trim() || 'unnamed', 300);
  return clip(`${name} (${a.contentType || 'application/octet-stream'}, ${a.size} bytes)`, MAX_STRING);
}

interface AccountEntry {
  handle: string;
  names: string[];
}

/**
 * Maps one parsed message. Every item carries `where` = the context's file and line, with the
 * message's ref (its Message-ID, or the synthetic ref) as `record`.
 */
export function mapEmail(mail: ParsedMail, context: MessageContext): Parsed[] {
  const problems: string[] = [];
  const warn = (text: string) => problems.push(text);

  // Encoded words (RFC 2047) are decoded by mailparser; report the ones it could only guess at.
  for (const { key, line } of mail.headerLines) {
    const header = HEADER_NAMES[key];
    if (!header) continue;
    for (const [, charset, encoding] of line.matchAll(ENCODED_WORD)) {
      const cs = (charset ?? '').split('*')[0]!;
      if (!/^[bq]$/i.test(encoding ?? '')) {
        warn(`malformed encoded word in ${header}: unknown encoding ${JSON.stringify(encoding)}`);
        continue;
      }
      try {
        new TextDecoder(cs);
      } catch {
        warn(`undecodable encoded word in ${header}: unknown charset ${JSON.stringify(cs)}`);
      }
    }
  }

  // The Message-ID is the message's identity; without one, a hash of what the message says stands in.
  const rawId = rawHeader(mail, 'message-id');
  let ref = messageIds(rawId)[0];
  if (ref === undefined && rawId && /^[^\s<>]+@[^\s<>]+$/.test(rawId)) {
    ref = rawId;
    warn(`malformed Message-ID ${JSON.stringify(rawId)}: no angle brackets, used as written`);
  }
  if (ref !== undefined && ref.length > MAX_STRING) {
    warn(`malformed Message-ID: longer than ${MAX_STRING} characters, ignored`);
    ref = undefined;
  }
  const text = mail.text ?? '';
  if (ref === undefined) {
    ref = syntheticRef(rawHeader(mail, 'from') ?? '', rawHeader(mail, 'date') ?? '', mail.subject ?? '', text);
    warn(
      rawId
        ? `malformed Message-ID ${JSON.stringify(clip(rawId, 200))}: using the synthetic ref ${ref}`
        : `no Message-ID: using the synthetic ref ${ref}`,
    );
  }
  const messageKey: Endpoint = { label: 'Message', key: { platform: PLATFORM, ref } };

  // Accounts: one per distinct normalised address, with every display name seen for it here.
  const accounts = new Map<string, AccountEntry>();
  const account = (mailbox: Mailbox, extraNames: readonly string[] = []): string => {
    const handle = normaliseHandle(PLATFORM, mailbox.address);
    const entry = accounts.get(handle) ?? { handle, names: [] };
    for (const name of [mailbox.name, ...extraNames]) {
      if (name && !entry.names.includes(name)) entry.names.push(name);
    }
    accounts.set(handle, entry);
    return handle;
  };
  const listOf = (
    key: 'from' | 'sender' | 'to' | 'cc' | 'bcc',
    header: AddressObject | AddressObject[] | undefined,
  ) => {
    const list = addressList(header);
    for (const bad of list.invalid) {
      warn(`malformed address in ${HEADER_NAMES[key]}: ${JSON.stringify(clip(bad, 200))} skipped`);
    }
    return list.mailboxes;
  };

  const relationships: unknown[] = [];
  const relate = (type: string, from: Endpoint, to: Endpoint, properties?: Record<string, unknown>) =>
    relationships.push({ relationship: type, from, to, ...(properties ? { properties } : {}) });
  const accountKey = (handle: string): Endpoint => ({ label: 'Account', key: { platform: PLATFORM, handle } });

  // The sender: From, else Sender, else an address the Enron-style X-From spells out.
  const xFrom = decodedHeader(mail, 'x-from');
  let senders = listOf('from', mail.from);
  let via: string | undefined;
  if (senders.length === 0) {
    senders = listOf('sender', mail.headers.get('sender') as AddressObject | undefined);
    via = 'Sender';
    const fromX = senders.length === 0 ? xAddress(xFrom) : undefined;
    if (fromX) {
      senders = [{ address: fromX }];
      via = 'X-From';
    }
    if (senders.length > 0) warn(`no usable From: the sender is taken from ${via}`);
    else warn('no sender address: the message has no SENT relationship');
  }
  // X-From names the From address; an address read off X-From itself has no name to pair.
  const senderNames = via === 'X-From' ? [] : pairXNames(senders, xFrom, true);
  senders.forEach((s, i) => relate('SENT', accountKey(account(s, senderNames[i])), messageKey));

  const recipientHandles: Record<string, string[]> = {};
  for (const [key, type, x] of [
    ['to', 'TO', 'x-to'],
    ['cc', 'CC', 'x-cc'],
    ['bcc', 'BCC', 'x-bcc'],
  ] as const) {
    const mailboxes = listOf(key, mail[key]);
    const names = pairXNames(mailboxes, decodedHeader(mail, x));
    const seen = new Set<string>();
    mailboxes.forEach((m, i) => {
      const handle = account(m, names[i]);
      if (seen.has(handle)) return;
      seen.add(handle);
      relate(type, messageKey, accountKey(handle));
    });
    recipientHandles[key] = [...seen];
  }
  const bcc = recipientHandles.bcc ?? [];
  if (bcc.length > 0 && rawHeader(mail, 'x-bcc') === '' && bcc.join('\n') === (recipientHandles.cc ?? []).join('\n')) {
    warn('Bcc repeats Cc while X-bcc is empty (a known Enron conversion artefact): BCC kept as written');
  }

  // When it was sent, with the zone the sender wrote.
  const time: Record<string, string> = {};
  const rawDate = rawHeader(mail, 'date');
  if (rawDate === undefined) {
    warn('no Date header: the sending time is unknown');
    time.sentPrecision = 'unknown';
  } else {
    const reading = readEmailDate(rawDate);
    if (reading.ok) {
      Object.assign(time, { sentPrecision: 'instant', sentFrom: reading.iso, sentTo: reading.iso });
      if (reading.note) {
        time.sentNote = reading.note;
        warn(`${reading.note}: ${JSON.stringify(rawDate)}`);
      }
    } else {
      warn(
        `unreadable Date header ${JSON.stringify(clip(rawDate, 200))} (${reading.reason}): the sending time is unknown`,
      );
      Object.assign(time, { sentPrecision: 'unknown', sentNote: `unreadable Date header: ${clip(rawDate, 500)}` });
    }
  }

  const properties: Record<string, unknown> = { platform: PLATFORM, ref, kind: 'email' };
  const subject = decodeEncodedWords(mail.subject ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  if (subject !== '') {
    if (subject.length > MAX_STRING) warn(`Subject longer than ${MAX_STRING} characters: cut`);
    properties.subject = clip(subject, MAX_STRING);
    if (subject.includes('\uFFFD')) warn('characters lost decoding Subject (U+FFFD in the decoded text)');
  }
  if (mail.textConversionError) warn(`the HTML body could not be read as text: ${mail.textConversionError.message}`);
  if (text.trim() !== '') {
    if (text.length > MAX_TEXT) warn(`body longer than ${MAX_TEXT} characters: cut`);
    properties.text = clip(text, MAX_TEXT);
  }
  const folder = (decodedHeader(mail, 'x-folder') ?? '').trim() || context.folder;
  if (folder) properties.folder = clip(folder, MAX_STRING);
  if (mail.attachments.length > 0) properties.attachments = mail.attachments.slice(0, MAX_LIST).map(attachmentLabel);
  Object.assign(properties, time);

  // Replies: In-Reply-To, else the last of References. The target may load later; its key is enough.
  const inReplyTo = rawHeader(mail, 'in-reply-to');
  let parents = messageIds(inReplyTo);
  if (inReplyTo && parents.length === 0) warn(`malformed In-Reply-To ${JSON.stringify(clip(inReplyTo, 200))}: ignored`);
  if (parents.length === 0) {
    const references = messageIds(rawHeader(mail, 'references'));
    parents = references.slice(-1);
  }
  for (const parent of new Set(parents)) {
    if (parent === ref) {
      warn('the message says it replies to itself: ignored');
      continue;
    }
    if (parent.length > MAX_STRING) continue;
    relate('REPLIES_TO', messageKey, { label: 'Message', key: { platform: PLATFORM, ref: parent } });
  }

  // URLs in the text, and link targets in the HTML, grouped by their normalised form.
  const urls = new Map<string, string[]>();
  const written = [...findUrls(maskEmails(text)), ...(typeof mail.html === 'string' ? htmlLinks(mail.html) : [])];
  for (const asWritten of written) {
    let normalised: string;
    try {
      normalised = normaliseUrl(asWritten).url;
    } catch (error) {
      if (!(error instanceof UrlError)) throw error;
      if (/^(?:https?|ftp):\/\//i.test(asWritten)) warn(`invalid URL ${JSON.stringify(clip(asWritten, 200))} skipped`);
      continue;
    }
    if (asWritten.length > MAX_STRING || normalised.length > MAX_STRING) {
      warn(`URL longer than ${MAX_STRING} characters skipped: ${JSON.stringify(clip(asWritten, 200))}`);
      continue;
    }
    const spellings = urls.get(normalised) ?? [];
    if (!spellings.includes(asWritten)) spellings.push(asWritten);
    urls.set(normalised, spellings);
  }

  const records: unknown[] = [];
  for (const { handle, names } of accounts.values()) {
    const props: Record<string, unknown> = { platform: PLATFORM, handle };
    const kept = names.map((n) => clip(n, MAX_STRING));
    if (kept.length > 0) {
      props.displayName = kept[0];
      props.displayNames = kept;
    }
    records.push({ node: 'Account', properties: props });
  }
  records.push({ node: 'Message', properties });
  for (const spellings of urls.values()) {
    records.push({
      node: 'Url',
      properties: { url: spellings[0], ...(spellings.length > 1 ? { spellings } : {}) },
    });
    relate('LINKS_TO', messageKey, { label: 'Url', key: { url: spellings[0]! } }, { asWritten: spellings });
  }

  const where: Location = {
    file: context.file,
    ...(context.line !== undefined ? { line: context.line } : {}),
    record: ref,
  };
  return [
    ...records.map((record) => ({ where, record })),
    ...relationships.map((record) => ({ where, record })),
    ...problems.map((warning) => ({ where, warning })),
  ];
}
