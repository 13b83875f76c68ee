/**
 * Timestamps as real exports write them, read by the `time:` transform of a mapping value:
 *
 *   time: epoch-ms | epoch-s | epoch          numbers or numeric text (epoch: ms from 10^11 up)
 *   time: iso                                 ISO 8601 with an offset (Z, +02:00)
 *   time: { pattern: 'YYYY-MM-DD HH:mm:ss', zone: America/New_York }
 *   time: { pattern: us, zone: UTC }          M/D/YYYY H:mm, optional :ss and AM/PM
 *
 * A reading is a TimeValue: the first and last instant the text can mean, and how precisely it is
 * known, which follows the pattern (what was matched, for optional parts): seconds or finer is an
 * instant, minutes without seconds a minute, a date alone a day, an hour alone a range.
 *
 * Zones: IANA names through Intl (Node's ICU), fixed offsets (`+05:30`) and UTC; no library needed.
 * A wall time a clock change makes ambiguous is read as the earlier instant, one it skips is moved
 * forward by the gap (Temporal's "compatible" rule). Everything that can be checked without data
 * (tokens, a zone, a pattern with no zone) is a MappingIssue before any row is read.
 */
import type { MappingIssue } from './issues.js';

export type TimePrecision = 'instant' | 'minute' | 'day' | 'range';

/** What a timestamp means: the instants it may name, in UTC ISO form, and how precisely. */
export class TimeValue {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly precision: TimePrecision,
  ) {}

  /** In templates and text properties, the first instant. */
  toString(): string {
    return this.from;
  }
}

export type TimeSpec = string | { readonly pattern: string; readonly zone?: string };

export type TimeReader = (raw: unknown) => TimeValue | string;

// ---------------------------------------------------------------------------------------------------
// Zones.

type Offset = (utcMs: number) => number;

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function fixedOffset(text: string): number | undefined {
  if (text === 'Z' || text.toUpperCase() === 'UTC') return 0;
  const m = OFFSET.exec(text);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The zone's offset from UTC (ms, local minus UTC) at an instant; undefined for an unknown zone. */
export function zoneOffset(zone: string): Offset | undefined {
  const fixed = fixedOffset(zone);
  if (fixed !== undefined) return () => fixed;
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(zone, format);
  }
  const f = format;
  return (utcMs) => {
    const second = Math.floor(utcMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const p of f.formatToParts(second)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return local - second;
  };
}

/**
 * The instant a wall time (as if it were UTC: `localMs`) names in a zone. Offsets a day either side
 * bracket any real clock change; of the candidates that really show this wall time, the earlier.
 */
export function wallToUtc(localMs: number, offset: Offset): number {
  const before = offset(localMs - 86_400_000);
  const after = offset(localMs + 86_400_000);
  const candidates = [localMs - before, localMs - after].filter((t) => offset(t) === localMs - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped by the clock change: the offset from before it moves the time forward by the gap.
  return localMs - before;
}

// ---------------------------------------------------------------------------------------------------
// Patterns.

const TOKENS = ['YYYY', 'YY', 'MMM', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'ss', 'SSS', 'A', 'a', 'Z'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const PRESETS: Record<string, string> = { us: 'M/D/YYYY H:mm[:ss][ A]' };

type Field =
  'year' | 'yy' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second' | 'fraction' | 'ampm' | 'zone';

const FIELD_OF: Record<string, Field> = {
  YYYY: 'year',
  YY: 'yy',
  MMM: 'monthName',
  MM: 'month',
  M: 'month',
  DD: 'day',
  D: 'day',
  HH: 'hour',
  H: 'hour',
  hh: 'hour',
  h: 'hour',
  mm: 'minute',
  ss: 'second',
  SSS: 'fraction',
  A: 'ampm',
  a: 'ampm',
  Z: 'zone',
};

const SOURCE_OF: Record<string, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MMM: '([A-Za-z]{3})[A-Za-z]*\\.?',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  hh: '(\\d{2})',
  h: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{1,9})',
  A: '([AaPp]\\.?[Mm]\\.?)',
  a: '([AaPp]\\.?[Mm]\\.?)',
  Z: '(Z|[+-]\\d{2}:?\\d{2})',
};

interface CompiledPattern {
  readonly regex: RegExp;
  readonly fields: readonly Field[];
}

/** Tokens as above; `[...]` is optional; any other character is itself. */
function compilePattern(pattern: string, path: string, issues: MappingIssue[]): CompiledPattern {
  const fields: Field[] = [];
  let source = '';
  let depth = 0;
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === '[') {
      source += '(?:';
      depth++;
      i++;
      continue;
    }
    if (ch === ']' && depth > 0) {
      source += ')?';
      depth--;
      i++;
      continue;
    }
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      source += SOURCE_OF[token];
      fields.push(FIELD_OF[token]!);
      i += token.length;
    } else {
      source += ch === ' ' ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (depth > 0) issues.push({ path, message: `unclosed "[" in time pattern ${JSON.stringify(pattern)}` });
  const count = (...f: Field[]) => fields.filter((x) => f.includes(x)).length;
  if (count('year', 'yy') !== 1 || count('month', 'monthName') !== 1 || count('day') !== 1) {
    issues.push({
      path,
      message: `time pattern ${JSON.stringify(pattern)} needs one year (YYYY or YY), one month (M, MM or MMM) and one day (D or DD)`,
    });
  }
  if (count('minute') > 0 && count('hour') === 0)
    issues.push({ path, message: `time pattern ${JSON.stringify(pattern)} has minutes (mm) but no hour (H or HH)` });
  if (count('second') > 0 && count('minute') === 0)
    issues.push({ path, message: `time pattern ${JSON.stringify(pattern)} has seconds (ss) but no minutes (mm)` });
  return { regex: new RegExp(`^${source}$`), fields };
}

function describe(raw: unknown): string {
  return JSON.stringify(typeof raw === 'string' ? raw : String(raw));
}

function isoUtc(ms: number): string {
  const text = new Date(ms).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

function precise(fromMs: number, precision: TimePrecision, spanMs: number): TimeValue {
  return new TimeValue(isoUtc(fromMs), isoUtc(fromMs + spanMs), precision);
}

function readEpoch(unit: 's' | 'ms' | 'auto'): TimeReader {
  return (raw) => {
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (!/^-?\d+(\.\d+)?$/.test(text))
      return `${describe(raw)} is not a number of ${unit === 's' ? 'seconds' : unit === 'ms' ? 'milliseconds' : 'seconds or milliseconds'} since 1970`;
    const n = Number(text);
    // Auto: from 10^11 on, seconds would be after the year 5000, so it is milliseconds.
    const ms = unit === 'ms' || (unit === 'auto' && Math.abs(n) >= 1e11) ? n : n * 1000;
    const rounded = Math.round(ms);
    if (!Number.isFinite(rounded) || Math.abs(rounded) > 8.64e15) return `${describe(raw)} is out of range`;
    return precise(rounded, 'instant', 0);
  };
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  fraction?: string;
  zone?: string;
}

/** The TimeValue of matched parts, in the given zone unless the text carries its own offset. */
function fromParts(p: Parts, zone: Offset | undefined, raw: unknown): TimeValue | string {
  const { year, month, day } = p;
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  const ms = p.fraction !== undefined ? Math.floor(Number(`0.${p.fraction}`) * 1000) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const d = new Date(local);
  if (
    d.getUTCFullYear() !== year ||
    d.getUTCMonth() !== month - 1 ||
    d.getUTCDate() !== day ||
    d.getUTCHours() !== hour ||
    d.getUTCMinutes() !== minute ||
    d.getUTCSeconds() !== second
  )
    return `${describe(raw)} names no real date and time`;
  let at: number;
  if (p.zone !== undefined) at = local - fixedOffset(p.zone.toUpperCase())!;
  else if (zone) at = wallToUtc(local, zone);
  else return `${describe(raw)} has no offset; declare the zone it is written in (time: {pattern, zone})`;
  if (p.hour === undefined) {
    // A day: from its first instant to its last, in that zone (a clock change may make it 23 or 25 hours).
    const next = Date.UTC(year, month - 1, day + 1);
    const end = p.zone !== undefined ? next - fixedOffset(p.zone.toUpperCase())! : wallToUtc(next, zone!);
    return precise(at, 'day', end - at - 1000);
  }
  if (p.minute === undefined) return precise(at, 'range', 3_599_000);
  if (p.second === undefined) return precise(at, 'minute', 59_000);
  return precise(at, 'instant', 0);
}

function readIso(zone: Offset | undefined): TimeReader {
  return (raw) => {
    const m = typeof raw === 'string' ? ISO.exec(raw.trim()) : null;
    if (!m) return `${describe(raw)} is not an ISO 8601 time (2017-10-03T12:00:37Z)`;
    return fromParts(
      {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        ...(m[4] !== undefined ? { hour: Number(m[4]) } : {}),
        ...(m[5] !== undefined ? { minute: Number(m[5]) } : {}),
        ...(m[6] !== undefined ? { second: Number(m[6]) } : {}),
        ...(m[7] !== undefined ? { fraction: m[7] } : {}),
        ...(m[8] !== undefined ? { zone: m[8] } : {}),
      },
      zone,
      raw,
    );
  };
}

function readPattern(compiled: CompiledPattern, pattern: string, zone: Offset | undefined): TimeReader {
  return (raw) => {
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    const m = compiled.regex.exec(text);
    if (!m) return `${describe(raw)} is not a time in the form ${pattern}`;
    const parts: Parts = { year: 0, month: 0, day: 0 };
    let ampm: string | undefined;
    compiled.fields.forEach((field, index) => {
      const value = m[index + 1];
      if (value === undefined) return;
      switch (field) {
        case 'year':
          parts.year = Number(value);
          break;
        case 'yy':
          parts.year = Number(value) < 70 ? 2000 + Number(value) : 1900 + Number(value);
          break;
        case 'monthName':
          parts.month = MONTHS.indexOf(value.toLowerCase()) + 1;
          break;
        case 'fraction':
          parts.fraction = value;
          break;
        case 'ampm':
          ampm = value[0]!.toLowerCase();
          break;
        case 'zone':
          parts.zone = value;
          break;
        default:
          parts[field] = Number(value);
      }
    });
    if (ampm !== undefined && parts.hour !== undefined) {
      if (parts.hour < 1 || parts.hour > 12) return `${describe(raw)}: hour ${parts.hour} with AM/PM`;
      parts.hour = (parts.hour % 12) + (ampm === 'p' ? 12 : 0);
    }
    return fromParts(parts, zone, raw);
  };
}

/**
 * Compiles a `time:` declaration; problems of the declaration itself go to `issues` with `path`.
 * The reader returns a TimeValue, or the reason (text) the raw value is no such time.
 */
export function compileTime(spec: TimeSpec, path: string, issues: MappingIssue[]): TimeReader {
  if (typeof spec === 'string') {
    switch (spec) {
      case 'epoch':
        return readEpoch('auto');
      case 'epoch-s':
        return readEpoch('s');
      case 'epoch-ms':
        return readEpoch('ms');
      case 'iso':
        return readIso(undefined);
    }
    return compileTime({ pattern: spec }, path, issues);
  }
  let zone: Offset | undefined;
  if (spec.zone !== undefined) {
    zone = zoneOffset(spec.zone);
    if (!zone)
      issues.push({
        path: `${path}.zone`,
        message: `unknown time zone ${JSON.stringify(spec.zone)}: give an IANA name (America/New_York), UTC or an offset (+05:30)`,
      });
  }
  if (spec.pattern === 'iso') return readIso(zone);
  if (['epoch', 'epoch-s', 'epoch-ms'].includes(spec.pattern)) return compileTime(spec.pattern, path, issues);
  const pattern = PRESETS[spec.pattern] ?? spec.pattern;
  const compiled = compilePattern(pattern, spec.zone === undefined ? path : `${path}.pattern`, issues);
  if (spec.zone === undefined && !compiled.fields.includes('zone')) {
    issues.push({
      path,
      message: `the time pattern ${JSON.stringify(spec.pattern)} has no offset (Z): declare the zone it is written in, e.g. { pattern: ${JSON.stringify(spec.pattern)}, zone: UTC } or zone: America/New_York`,
    });
  }
  return readPattern(compiled, pattern, zone);
}
