/**
 * What the Twitter parsers share: record builders that keep to the model, handles, mentions, t.co
 * links, Twitter's date formats, and a bounded "already emitted" memory.
 */
import { normaliseHandle } from '../../model/keys.js';
import { NODES } from '../../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../../model/graph-model.js';
import { normaliseUrl, UrlError } from '../../model/url.js';

export const PLATFORM = 'twitter';

export interface NodeRef {
  readonly label: NodeLabel;
  readonly key: Record<string, string>;
}

export interface NodeRecord {
  readonly node: NodeLabel;
  readonly properties: Record<string, unknown>;
  /** When these values were true (a profile as of a tweet): the latest is shown. */
  readonly asOf?: string;
}

export interface RelationshipRecord {
  readonly relationship: RelationshipType;
  readonly from: NodeRef;
  readonly to: NodeRef;
  readonly properties?: Record<string, unknown>;
}

export type TwitterRecord = NodeRecord | RelationshipRecord;

/**
 * A node record holding the properties the model declares for its label, empty values left out.
 *
 * The parsers read more than the model holds today (a Twitter user id, follower counts, profile
 * description, account creation time); they offer it all here and keep what the model (graph-model.ts) declares, so a
 * property added to the model is filled by the next load without touching the parsers. Until then
 * it is dropped, silently: it is a gap in the model, not a problem of the input.
 */
export function nodeRecord(label: NodeLabel, candidate: Record<string, unknown>): NodeRecord {
  const declared = NODES[label].properties;
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(candidate)) {
    if (!Object.hasOwn(declared, name) || value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    properties[name] = value;
  }
  return { node: label, properties };
}

export function relationship(
  type: RelationshipType,
  from: NodeRef,
  to: NodeRef,
  properties?: Record<string, unknown>,
): RelationshipRecord {
  return properties ? { relationship: type, from, to, properties } : { relationship: type, from, to };
}

/** Twitter handles are case-insensitive and written with or without "@". */
export function twitterHandle(raw: string): string {
  return normaliseHandle(PLATFORM, raw);
}

export function accountRef(handle: string): NodeRef {
  return { label: 'Account', key: { platform: PLATFORM, handle: twitterHandle(handle) } };
}

export function messageRef(ref: string): NodeRef {
  return { label: 'Message', key: { platform: PLATFORM, ref } };
}

export function urlRef(url: string): NodeRef {
  return { label: 'Url', key: { url } };
}

/** An Account known only by its handle (a mention): nothing but the key, so it never overwrites more. */
export function bareAccount(handle: string): NodeRecord {
  return nodeRecord('Account', { platform: PLATFORM, handle: twitterHandle(handle) });
}

/** A string of decimal digits as a number, or undefined (empty, "-1", "1.2e5", …). */
export function count(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? '';
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Mentions as Twitter links them: "@" (or full-width "＠") and 1–15 letters, digits or "_", not
 * glued to a preceding word ("jane@example.com" is an address) but allowed after "." (".@jdoe" is the
 * usual way to start a tweet with a mention). A longer run ("@rus_improvisation", 17) is no Twitter
 * handle, and one cut by an ellipsis ("@iamjahprince…", how truncated retweets end) may be the start
 * of a longer one: both are left out. Normalised, each once, in order of appearance.
 */
const MENTION = /(?<![A-Za-z0-9_!#$%&*@＠])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠]|…|\.\.\.)/g;

export function findMentions(text: string): string[] {
  return distinct([...text.matchAll(MENTION)].map((m) => twitterHandle(m[1]!)));
}

/**
 * The t.co short links in a text, as written, each once, in order. A link whose code is cut short by
 * an ellipsis ("https://t.co/nGwQ5h…", the end of a truncated retweet) leads to some other address or
 * nowhere: it is left out. (A full ten-character code followed by "…" is complete: the ellipsis
 * belongs to the display text before it.)
 */
const SHORT_LINK = /\bhttps?:\/\/t\.co\/([A-Za-z0-9]+)(…|\.\.\.)?/gi;

export function findShortLinks(text: string): string[] {
  const links: string[] = [];
  for (const m of text.matchAll(SHORT_LINK)) {
    const code = m[1]!;
    if (m[2] !== undefined && code.length < 10) continue;
    links.push(m[0].slice(0, m[0].length - (m[2]?.length ?? 0)));
  }
  return distinct(links);
}

export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Why a URL as written cannot become a Url node (the model would reject it), or undefined when it can. */
export function urlProblem(written: string): string | undefined {
  try {
    normaliseUrl(written);
    return undefined;
  } catch (error) {
    if (error instanceof UrlError) return error.message;
    throw error;
  }
}

/** The normalised form, to tell whether two spellings are one address. Only for URLs that passed urlProblem. */
export function sameUrlKey(written: string): string {
  return normaliseUrl(written).url;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC ISO 8601 string without milliseconds when they are zero ("2016-10-12T14:22:01Z"). */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Date.UTC for calendar fields, or undefined when they name no real moment (31 February, hour 24). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const valid =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  return valid ? ms : undefined;
}

/** Twitter API style, "Wed Oct 12 14:22:01 +0000 2016", as a UTC ISO string; undefined when it is not one. */
export function twitterApiDate(text: string | undefined): string | undefined {
  const m =
    /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/.exec(
      text?.trim() ?? '',
    );
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!) + 1;
  if (month === 0) return undefined;
  const ms = utc(Number(m[9]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  if (ms === undefined) return undefined;
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8])) * 60_000;
  return isoUtc(ms - offset);
}

/** An ISO 8601 timestamp with a zone (the archive's "2016-10-12T00:00:00.000Z") as UTC; undefined otherwise. */
export function isoInstant(text: string | undefined): string | undefined {
  const trimmed = text?.trim() ?? '';
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return undefined;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? undefined : isoUtc(ms);
}

/**
 * FiveThirtyEight's "M/D/YYYY H:MM" (UTC, per their documentation) as the minute it names: its first
 * and last second. Undefined when it names no real minute.
 */
export function ira538Minute(text: string | undefined): { from: string; to: string } | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const ms = utc(Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), 0);
  if (ms === undefined) return undefined;
  return { from: isoUtc(ms), to: isoUtc(ms + 59_000) };
}

/**
 * Remembers what has been emitted so a node shared by many rows (an author, a much-linked URL) is
 * written once per file rather than once per row. Only an economy: writing it again is harmless
 * (the writer MERGEs), so past `limit` entries it forgets everything and memory stays bounded
 * however large the file.
 */
export class Seen {
  private readonly values = new Set<string>();

  constructor(private readonly limit = 200_000) {}

  /** True the first time a value is offered (since the last reset). */
  first(value: string): boolean {
    if (this.values.has(value)) return false;
    if (this.values.size >= this.limit) this.values.clear();
    this.values.add(value);
    return true;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }
}

/** A link a message carries: the spelling its Url node is written with, and how the message wrote it. */
export interface MessageLink {
  readonly url: string;
  readonly asWritten: readonly string[];
}

/**
 * The records for a message's links: a Url node per spelling (once per file, through `seen`), one
 * LINKS_TO per address with every way this message wrote it, and EXPANDS_TO for the given
 * (short, expanded) pairs. A URL the model cannot take is left out, with the reason in `problems`.
 */
export function linkRecords(
  message: NodeRef,
  links: readonly MessageLink[],
  expansions: readonly (readonly [short: string, expanded: string])[],
  seen: Seen,
): { records: TwitterRecord[]; problems: string[] } {
  const records: TwitterRecord[] = [];
  const problems: string[] = [];
  const byAddress = new Map<string, { url: string; asWritten: string[] }>();
  const usable = new Set<string>();
  for (const link of links) {
    const problem = urlProblem(link.url);
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    usable.add(link.url);
    if (seen.first(`url:${link.url}`)) records.push(nodeRecord('Url', { url: link.url }));
    const address = sameUrlKey(link.url);
    const entry = byAddress.get(address);
    if (entry) entry.asWritten.push(...link.asWritten.filter((w) => !entry.asWritten.includes(w)));
    else byAddress.set(address, { url: link.url, asWritten: distinct([...link.asWritten]) });
  }
  for (const { url, asWritten } of byAddress.values()) {
    records.push(relationship('LINKS_TO', message, urlRef(url), { asWritten }));
  }
  const pairs = new Set<string>();
  for (const [short, expanded] of expansions) {
    if (!usable.has(short) || !usable.has(expanded)) continue;
    const pair = `${sameUrlKey(short)} ${sameUrlKey(expanded)}`;
    if (sameUrlKey(short) === sameUrlKey(expanded) || pairs.has(pair)) continue;
    pairs.add(pair);
    records.push(relationship('EXPANDS_TO', urlRef(short), urlRef(expanded)));
  }
  return { records, problems };
}
