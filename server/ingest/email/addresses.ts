/**
 * Addresses of one message: the mailboxes of an address header (groups flattened, entries that are
 * not addresses set aside to be reported), and the display names Enron-style `X-From`/`X-To`/`X-cc`
 * headers give when they pair up with the address headers unambiguously.
 */
import type { AddressObject, EmailAddress } from 'mailparser';
import { normaliseHandle } from '../../model/keys.js';
import { decodeEncodedWords } from './encoded-words.js';

export interface Mailbox {
  /** The address as written (the model normalises case and brackets). */
  readonly address: string;
  /** The display name, when the header gave one. */
  readonly name?: string;
}

/** local@domain, with the oddities real mail has (k..allen@enron.com) but no spaces, brackets or commas. */
const ADDRESS = /^(?:[^\s@<>()[\]\\,;:"]+|"[^"\r\n]+")@[^\s@<>()[\]\\,;:"'.][^\s@<>()[\]\\,;:"']*$/;

/** Longest display name kept: past this it is a mangled header, not a name. */
const MAX_NAME = 300;

export function isAddress(text: string): boolean {
  return text.length <= 320 && ADDRESS.test(text);
}

/** A display name worth keeping: some letters, not an address repeated, not absurdly long. */
export function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = decodeEncodedWords(name)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
  if (trimmed === '' || trimmed.length > MAX_NAME || !/\p{L}/u.test(trimmed)) return undefined;
  if (isAddress(trimmed) || isAddress(trimmed.replace(/^<|>$/g, ''))) return undefined;
  return trimmed;
}

export interface AddressList {
  readonly mailboxes: Mailbox[];
  /** Entries that are not addresses, as written ("foo bar", an empty entry). */
  readonly invalid: string[];
}

function describeEntry(entry: EmailAddress): string {
  const name = entry.name ?? '';
  const address = entry.address ?? '';
  if (name && address) return `${name} <${address}>`;
  return name || address || '(empty)';
}

/** The mailboxes of an address header, groups flattened, in order, duplicates kept. */
export function addressList(header: AddressObject | AddressObject[] | undefined): AddressList {
  const mailboxes: Mailbox[] = [];
  const invalid: string[] = [];
  const visit = (entry: EmailAddress) => {
    if (entry.group) {
      entry.group.forEach(visit);
      return;
    }
    const address = (entry.address ?? '').trim();
    if (!isAddress(address)) {
      invalid.push(describeEntry(entry));
      return;
    }
    const name = cleanName(entry.name);
    mailboxes.push(name ? { address, name } : { address });
  };
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const object of objects) object.value.forEach(visit);
  return { mailboxes, invalid };
}

/** One entry of an `X-To`-style header: a display name, and the address it names when it gives one. */
export interface XEntry {
  readonly name?: string;
  readonly address?: string;
}

/** `Name@ENRON`, `'addr@x.com'@ENRON`: Lotus Notes' routing suffix, a word with no dot after a final @. */
function stripRoutingSuffix(text: string): string {
  const m = /^(.*)@[A-Za-z][A-Za-z0-9-]*$/.exec(text);
  if (m && /[@>\s]/.test(m[1]!)) return m[1]!.trim();
  return text;
}

function unquote(text: string): string {
  return text
    .trim()
    .replace(/^'(.*)'$/s, '$1')
    .trim();
}

/**
 * Reads one entry: `Allen, Phillip K. </O=ENRON/OU=NA/CN=RECIPIENTS/CN=PALLEN>`, `'jsmith@austintx.com'`,
 * `'"Jeff Smith" <jsmith@austintx.com>@ENRON' <IMCEANOTES-…@ENRON.com>`, `Phillip K Allen`.
 * Exchange and Notes directory names in the brackets are not addresses and are dropped.
 */
export function readXEntry(text: string): XEntry {
  let name = stripRoutingSuffix(unquote(text));
  let address: string | undefined;
  const angle = /^(.*?)\s*<([^<>]*)>\s*$/s.exec(name);
  if (angle) {
    const inner = angle[2]!.trim();
    name = stripRoutingSuffix(unquote(angle[1]!));
    if (isAddress(inner) && !/^IMCEA/i.test(inner)) address = inner;
    // The quoted name may itself be a whole "Name" <address> (Outlook's rendering of a Notes address).
    const nested = /^"?(.*?)"?\s*<([^<>]*)>$/s.exec(name);
    if (nested) {
      name = nested[1]!;
      if (isAddress(nested[2]!.trim())) address = nested[2]!.trim();
    }
  }
  name = name.replace(/^"(.*)"$/s, '$1').trim();
  if (isAddress(name)) {
    address ??= name;
    return { address };
  }
  const clean = cleanName(name);
  return { ...(clean ? { name: clean } : {}), ...(address ? { address } : {}) };
}

const NEXT_DELIMITER = /[,<]/g;

/**
 * Splits an `X-To`/`X-cc` value into its entries, or says it cannot: names like "Allen, Phillip K."
 * hold commas, so a comma ends an entry only after a closing `>` (with any `@ENRON` suffix), after a
 * quoted entry, or after something that is an address. A plain list of names with commas is
 * ambiguous ("Allen, Phillip K." or two people?) and gives undefined.
 */
export function splitXHeader(value: string): XEntry[] | undefined {
  const text = value.replace(/\s+/g, ' ').trim();
  if (text === '') return [];
  const entries: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    const start = i;
    let sawAngle = false;
    if (text[i] === "'") {
      // A single-quoted entry ends at a quote followed by "<", "," or the end (names hold apostrophes).
      const close = /'(?=\s*(?:<|,|$|@[A-Za-z]))/g;
      close.lastIndex = i + 1;
      const m = close.exec(text);
      if (!m) return undefined;
      i = m.index + 1;
    }
    let inQuotes = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '"') inQuotes = !inQuotes;
      else if (inQuotes) continue;
      else if (c === '<') {
        const close = text.indexOf('>', i);
        if (close < 0) return undefined;
        i = close;
        sawAngle = true;
      } else if (c === ',') {
        const sofar = stripRoutingSuffix(unquote(text.slice(start, i)));
        const quoted = /^'.*'(@[A-Za-z][A-Za-z0-9-]*)?$/.test(text.slice(start, i).trim());
        if (sawAngle || quoted || isAddress(sofar)) break;
        // A comma inside a name: acceptable only when an angle-bracketed part follows in this entry.
        NEXT_DELIMITER.lastIndex = i + 1;
        if (NEXT_DELIMITER.exec(text)?.[0] !== '<') return undefined;
      }
    }
    if (inQuotes) return undefined;
    entries.push(text.slice(start, i).trim());
    i++; // past the comma
  }
  return entries.filter((e) => e !== '').map(readXEntry);
}

/**
 * Display names for the mailboxes of an address header from its `X-` twin, matched by position:
 * only when both list the same number of entries and every address the `X-` header spells agrees
 * with the one in the same position. Anything else is ambiguous and yields nothing.
 */
export function pairXNames(mailboxes: readonly Mailbox[], xValue: string | undefined, single = false): string[][] {
  if (xValue === undefined || mailboxes.length === 0) return [];
  const entries = single ? [readXEntry(xValue.replace(/\s+/g, ' '))] : splitXHeader(xValue);
  if (!entries || entries.length !== mailboxes.length) return [];
  const agree = entries.every(
    (e, i) =>
      e.address === undefined ||
      normaliseHandle('email', e.address) === normaliseHandle('email', mailboxes[i]!.address),
  );
  if (!agree) return [];
  return entries.map((e) => (e.name ? [e.name] : []));
}

/** An address an `X-From` value spells out (`Name <addr@x.com>`, `addr@x.com@ENRON`), if any. */
export function xAddress(xValue: string | undefined): string | undefined {
  if (xValue === undefined) return undefined;
  return readXEntry(xValue.replace(/\s+/g, ' ')).address;
}
