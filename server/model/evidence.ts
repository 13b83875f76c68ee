/**
 * Statements: every value a load writes is kept with where it came from, and the value a node shows
 * is chosen by a rule, never by the order of writes (FollowTheMoney keeps entities the same way).
 *
 * A statement is one string, `prop␟value␟origin␟rank`, kept in the node's sorted `statements` list:
 *   - `value` is the JSON of the value (long texts by length and hash, so a message's text is not
 *     stored twice);
 *   - `origin` is the format and file it was read from (the statement's source);
 *   - `rank` orders competing values: curated data (Backchannel's own dataset files, written and
 *     sourced by hand) before imports, then the data's own time (`asOf`, what the record says it was
 *     true at), then the record's place (file, then line or record, numbers compared as numbers).
 * The shown value of a property is the value of its highest-ranked statement. Because that is a
 * maximum, concurrent batches, batch sizes, file order and reloads all end with the same value; the
 * Cypher that keeps it is in statements.ts, this module is the pure part.
 */
import type { PropertySpec } from './properties.js';
import { shortHash } from './keys.js';

export const SEP = '\u001f';
/** Texts longer than this are stated by length and hash. */
const INLINE_TEXT = 280;
const CURATED = 'b';
const IMPORTED = 'a';

/**
 * Orders strings as Neo4j does, by code point (JavaScript's < compares UTF-16 code units, which puts
 * an emoji before U+FFFD): what the writer sorts or compares must agree with what Cypher sorts.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only a surrogate (D800–DFFF, half of a code point above FFFF) against E000–FFFF orders differently.
    const surrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;
    if (surrogate(x) !== surrogate(y) && Math.max(x, y) >= 0xe000) return surrogate(x) ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Numbers inside a place padded, so that line 9 sorts before line 10. */
export function sortablePlace(file: string, record: string): string {
  return `${file}\u0001${record}`.replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}

/** An ISO date-time as UTC to the millisecond, so that strings sort as instants do. */
function utc(iso: string | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
}

export interface StatementContext {
  readonly curated: boolean;
  readonly asOf?: string;
  /** The record's place, from sortablePlace. */
  readonly place: string;
  /** Format and file. */
  readonly origin: string;
}

export function rankOf(context: StatementContext): string {
  return [context.curated ? CURATED : IMPORTED, utc(context.asOf), context.place].join('\u0002');
}

function stated(spec: PropertySpec | undefined, value: unknown): string {
  if (spec?.type === 'text' && typeof value === 'string' && value.length > INLINE_TEXT)
    return JSON.stringify(`#${value.length}:${shortHash(value)}`);
  return JSON.stringify(value);
}

export interface Statement {
  /** Everything before the rank, separator included: two statements with one identity keep the higher rank. */
  readonly id: string;
  /** The whole statement. */
  readonly s: string;
}

export function statement(
  prop: string,
  spec: PropertySpec | undefined,
  value: unknown,
  context: StatementContext,
): Statement {
  const id = [prop, stated(spec, value), context.origin].join(SEP) + SEP;
  return { id, s: id + rankOf(context) };
}

/** The rank part of a statement: what the shown value is chosen by. */
export function rankPart(s: string): string {
  return s.slice(s.lastIndexOf(SEP) + 1);
}

export interface ReadStatement {
  readonly prop: string;
  readonly value: unknown;
  readonly origin: string;
  readonly curated: boolean;
  readonly asOf?: string;
}

/** A stored statement read back (details panel, load summaries, tests). */
export function parseStatement(s: string): ReadStatement {
  const [prop = '', value = 'null', origin = '', rank = ''] = s.split(SEP);
  const [level, asOf] = rank.split('\u0002');
  return { prop, value: JSON.parse(value) as unknown, origin, curated: level === CURATED, ...(asOf ? { asOf } : {}) };
}
