/**
 * The value language of mapping files: where a value comes from (a column, a constant, a template, the
 * first of several), the transforms applied to it, conditions on a row, and the coercion of the result
 * to the type the model declares for the property.
 *
 * Everything is compiled once, when the mapping is read: a mistake in the mapping (a bad regular
 * expression, an unknown date token, an unclosed `{` in a template) is reported with its path in the
 * mapping before any row is read. At run time an evaluator only meets problems of the data, reported
 * as a RowError naming the same path.
 */
import type { MappingIssue } from './issues.js';
import { normaliseUrl, UrlError } from '../../model/url.js';
import type { PropertySpec } from '../../model/properties.js';
import { compileTime, TimeValue } from './time.js';
import type { TimeSpec } from './time.js';
import { InputError } from '../../errors.js';

export type Scalar = string | number | boolean;

/** Where a value comes from, with optional transforms (see docs/mapping.md). */
export interface ValueObject {
  readonly column?: string;
  readonly value?: Scalar | Scalar[];
  readonly template?: string;
  readonly first?: ValueSpec[];
  readonly trim?: boolean;
  readonly split?: string;
  readonly match?: string;
  readonly lower?: boolean;
  readonly upper?: boolean;
  readonly url?: boolean;
  readonly host?: boolean;
  readonly date?: string;
  /** A timestamp: epoch-s, epoch-ms, iso, or { pattern, zone } (time.ts). */
  readonly time?: TimeSpec;
  readonly map?: Record<string, Scalar | null>;
  readonly otherwise?: 'keep' | 'omit' | 'error';
  readonly join?: string;
  readonly default?: Scalar | Scalar[];
  /** The value applies only to rows that meet this condition (absent otherwise). */
  readonly when?: When;
}

/** A string is a template (`"{Entity A}"`; without braces, a constant); numbers and booleans are constants. */
export type ValueSpec = string | number | boolean | Scalar[] | ValueObject;

export type Condition =
  | {
      readonly column: string;
      readonly equals?: Scalar;
      readonly in?: Scalar[];
      readonly notEmpty?: boolean;
      readonly matches?: string;
      readonly ignoreCase?: boolean;
    }
  | { readonly not: When }
  /** One of these holds; an item that is a list holds when all its conditions do. */
  | { readonly any: When[] }
  | { readonly all: When[] };

export type When = Condition | Condition[];

/** A problem of one row's data under a template: the row is rejected, the others go on. */
export class RowError extends InputError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super('invalid_row', path ? `${path}: ${reason}` : reason);
  }
}

/** What an evaluator reads: the row's columns (or JSON paths, or GraphML attributes) and the `each` item. */
export interface RowContext {
  get(column: string): unknown;
  readonly item?: unknown;
  /** Where an `each` list reports an item it skipped (a bad URL): the row goes on without it. */
  readonly warn?: (message: string) => void;
}

export type Evaluator = (ctx: RowContext) => unknown;
export type Test = (ctx: RowContext) => boolean;

/** A column a mapping reads, with where the mapping reads it, to check against a header. */
export interface ColumnRef {
  readonly column: string;
  readonly path: string;
}

export const ITEM = '@item';

/** What a compiled expression may refer to, and where the references are collected. */
export interface Scope {
  readonly issues: MappingIssue[];
  readonly columns: ColumnRef[];
  /** Inside a template with `each`: `@item` is available. */
  readonly hasItem: boolean;
  /** Pseudo-columns the input supplies (GraphML: `@id`, `@source`, `@target`). */
  readonly pseudo: readonly string[];
}

/** `nodes[1].properties.name`, `map["Federal Agency"]`: the path notation of every mapping error. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

// ---------------------------------------------------------------------------------------------------
// Paths into JSON values: `author.name`, `entities.urls[*].expanded_url`, `items[0]`.

type Step = { readonly key: string } | { readonly index: number } | { readonly all: true };

const pathCache = new Map<string, Step[]>();

export function parsePath(path: string): Step[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const steps: Step[] = [];
  for (const segment of path.split('.')) {
    const match = /^([^[\]]*)((?:\[(?:\*|\d+)\])*)$/.exec(segment);
    if (!match) throw new Error(`invalid path segment ${JSON.stringify(segment)}`);
    if (match[1]) steps.push({ key: match[1] });
    for (const [, inner] of (match[2] ?? '').matchAll(/\[(\*|\d+)\]/g)) {
      steps.push(inner === '*' ? { all: true } : { index: Number(inner) });
    }
  }
  pathCache.set(path, steps);
  return steps;
}

/** Follows a path; `[*]` fans out, and the result is then a (flattened) list. Missing: undefined. */
export function readPath(value: unknown, path: string | Step[]): unknown {
  const steps = typeof path === 'string' ? parsePath(path) : path;
  let current: unknown[] = [value];
  let fanned = false;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || v === undefined) continue;
      if ('key' in step) {
        if (typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.key))
          next.push((v as Record<string, unknown>)[step.key]);
      } else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if (Array.isArray(v)) {
        fanned = true;
        next.push(...v);
      }
    }
    current = next;
  }
  const present = current.filter((v) => v !== undefined && v !== null);
  if (fanned) return present.flat();
  return present[0];
}

// ---------------------------------------------------------------------------------------------------
// Reading a column (or the `each` item) and the values it gives.

function checkColumn(column: string, path: string, scope: Scope): void {
  if (column === ITEM || column.startsWith(`${ITEM}.`) || column.startsWith(`${ITEM}[`)) {
    if (!scope.hasItem)
      scope.issues.push({ path, message: `${ITEM} is only available in a node template with \`each\`` });
    else if (column !== ITEM) {
      try {
        parsePath(column.slice(ITEM.length).replace(/^\./, ''));
      } catch (error) {
        scope.issues.push({ path, message: (error as Error).message });
      }
    }
    return;
  }
  if (column.startsWith('@')) {
    if (!scope.pseudo.includes(column)) {
      const allowed = [ITEM, ...scope.pseudo].join(', ');
      scope.issues.push({
        path,
        message: `unknown column ${JSON.stringify(column)}: names starting with @ are ${allowed}`,
      });
    }
    return;
  }
  scope.columns.push({ column, path });
}

function reader(column: string): Evaluator {
  if (column === ITEM) return (ctx) => ctx.item;
  if (column.startsWith(ITEM)) {
    const steps = parsePath(column.slice(ITEM.length).replace(/^\./, ''));
    return (ctx) => readPath(ctx.item, steps);
  }
  return (ctx) => ctx.get(column);
}

/** A value as a list of items: absent → [], a list → its (non-null) elements. */
export function itemsOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== undefined && v !== null);
  return [value];
}

function fromItems(items: unknown[], wasList: boolean): unknown {
  if (items.length === 0) return undefined;
  return wasList || items.length > 1 ? items : items[0];
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** How a value is written into a template or a map lookup. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(asText).join(', ');
  if (value instanceof TimeValue) return value.from;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ---------------------------------------------------------------------------------------------------
// Templates: "{Entity A} — {Connection}", with {{ and }} for literal braces.

type Part = string | { readonly column: string; readonly read: Evaluator };

export function compileTemplate(text: string, path: string, scope: Scope): Evaluator {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (ch === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (ch === '{') {
      const end = text.indexOf('}', i + 1);
      if (end < 0) {
        scope.issues.push({ path, message: `unclosed "{" in template ${JSON.stringify(text)} (write {{ for a brace)` });
        return () => undefined;
      }
      const column = text.slice(i + 1, end).trim();
      if (column === '') {
        scope.issues.push({ path, message: `empty {} in template ${JSON.stringify(text)}` });
        return () => undefined;
      }
      if (literal) parts.push(literal);
      literal = '';
      checkColumn(column, path, scope);
      parts.push({ column, read: reader(column) });
      i = end + 1;
    } else if (ch === '}') {
      scope.issues.push({ path, message: `unmatched "}" in template ${JSON.stringify(text)} (write }} for a brace)` });
      return () => undefined;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push(literal);
  if (parts.every((p) => typeof p === 'string')) {
    const constant = parts.join('');
    return () => constant;
  }
  return (ctx) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        const value = p.read(ctx);
        return typeof value === 'string' ? value.trim() : asText(value);
      })
      .join('');
}

/** A template string that reads no column: its text. Undefined when it reads one. */
export function constantOf(spec: ValueSpec | undefined): Scalar | Scalar[] | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return /[{}]/.test(spec.replace(/\{\{|\}\}/g, '')) ? undefined : spec;
  if (typeof spec === 'number' || typeof spec === 'boolean' || Array.isArray(spec)) return spec;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Dates: "M/D/YYYY", "DD.MM.YY", "iso" → an ISO date (YYYY-MM-DD).

const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'M', 'DD', 'D'] as const;

export function compileDate(pattern: string, path: string, scope: Scope): (text: string) => string | undefined {
  if (pattern.toLowerCase() === 'iso') {
    return (text) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
      return m ? calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
    };
  }
  const fields: ('Y' | 'YY' | 'M' | 'D')[] = [];
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    const token = DATE_TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      source += token === 'YYYY' ? '(\\d{4})' : token.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
      fields.push(token === 'YYYY' ? 'Y' : token === 'YY' ? 'YY' : token === 'MM' || token === 'M' ? 'M' : 'D');
      i += token.length;
    } else {
      source += pattern[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const has = (f: string) => fields.filter((x) => x === f || (f === 'Y' && x === 'YY')).length;
  if (has('Y') !== 1 || has('M') !== 1 || has('D') !== 1) {
    scope.issues.push({
      path,
      message: `date pattern ${JSON.stringify(pattern)} needs one year (YYYY or YY), one month (M or MM) and one day (D or DD), or "iso"`,
    });
  }
  const regex = new RegExp(`^${source}$`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    let year = 0;
    let month = 0;
    let day = 0;
    fields.forEach((f, index) => {
      const n = Number(m[index + 1]);
      if (f === 'Y') year = n;
      else if (f === 'YY') year = n < 70 ? 2000 + n : 1900 + n;
      else if (f === 'M') month = n;
      else day = n;
    });
    return calendarDate(year, month, day);
  };
}

function calendarDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------------
// Values.

function compileRegex(source: string, flags: string, path: string, scope: Scope): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    scope.issues.push({ path, message: `invalid regular expression: ${(error as Error).message}` });
    return /$^/;
  }
}

export function hostOf(text: string): string {
  return normaliseUrl(text).domain.replace(/^www\./i, '');
}

export interface ValueOptions {
  /**
   * Transforms run item by item, and an item a transform refuses is left out with a warning
   * (ctx.warn) instead of failing the row: for `each` lists, where one bad URL among ten should not
   * cost the message, its author and its other links.
   */
  readonly itemwise?: boolean;
}

export function compileValue(spec: ValueSpec, path: string, scope: Scope, options: ValueOptions = {}): Evaluator {
  if (typeof spec === 'string') {
    // Like any text: trimmed, and absent when empty.
    const template = compileTemplate(spec, path, scope);
    return (ctx) => {
      const text = asText(template(ctx)).trim();
      return text === '' ? undefined : text;
    };
  }
  if (typeof spec !== 'object' || Array.isArray(spec)) {
    const constant = spec;
    return () => constant;
  }
  const o = spec;
  let source: Evaluator;
  if (o.column !== undefined) {
    checkColumn(o.column, joinPath(path, 'column'), scope);
    source = reader(o.column);
  } else if (o.template !== undefined) {
    source = compileTemplate(o.template, joinPath(path, 'template'), scope);
  } else if (o.first !== undefined) {
    const options = o.first.map((s, i) => compileValue(s, joinPath(joinPath(path, 'first'), i), scope));
    source = (ctx) => {
      for (const option of options) {
        const v = option(ctx);
        if (itemsOf(v).length > 0) return v;
      }
      return undefined;
    };
  } else {
    const constant = o.value;
    source = () => constant;
  }

  type Step = (items: unknown[]) => unknown[];
  const steps: Step[] = [];
  const textStep = (name: string, f: (s: string) => string | undefined): Step => {
    const at = joinPath(path, name);
    return (items) =>
      items.flatMap((v) => {
        if (typeof v === 'object') throw new RowError(at, `expected a text value, got ${describe(v)}`);
        const r = f(String(v));
        return r === undefined ? [] : [r];
      });
  };
  if (o.trim !== false)
    steps.push((items) => items.flatMap((v) => (typeof v === 'string' ? (v.trim() === '' ? [] : [v.trim()]) : [v])));
  if (o.split !== undefined) {
    const sep = o.split;
    steps.push((items) =>
      items.flatMap((v) =>
        typeof v === 'string'
          ? v
              .split(sep)
              .map((s) => (o.trim === false ? s : s.trim()))
              .filter((s) => s !== '')
          : [v],
      ),
    );
  }
  if (o.match !== undefined) {
    const regex = compileRegex(o.match, '', joinPath(path, 'match'), scope);
    steps.push((items) => items.filter((v) => isScalar(v) && regex.test(String(v))));
  }
  if (o.lower) steps.push((items) => items.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)));
  if (o.upper) steps.push((items) => items.map((v) => (typeof v === 'string' ? v.toUpperCase() : v)));
  if (o.url) {
    const at = joinPath(path, 'url');
    steps.push(
      textStep('url', (s) => {
        try {
          return normaliseUrl(s).url;
        } catch (error) {
          if (error instanceof UrlError) throw new RowError(at, error.message);
          throw error;
        }
      }),
    );
  }
  if (o.host) {
    const at = joinPath(path, 'host');
    steps.push(
      textStep('host', (s) => {
        try {
          return hostOf(s);
        } catch (error) {
          if (error instanceof UrlError) throw new RowError(at, error.message);
          throw error;
        }
      }),
    );
  }
  if (o.date !== undefined) {
    const at = joinPath(path, 'date');
    const parse = compileDate(o.date, at, scope);
    const pattern = o.date;
    steps.push(
      textStep('date', (s) => {
        const iso = parse(s);
        if (iso === undefined) throw new RowError(at, `${describe(s)} is not a date in the form ${pattern}`);
        return iso;
      }),
    );
  }
  if (o.time !== undefined) {
    const at = joinPath(path, 'time');
    const read = compileTime(o.time, at, scope.issues);
    steps.push((items) =>
      items.map((v) => {
        if (v instanceof TimeValue) return v;
        if (!isScalar(v)) throw new RowError(at, `expected a time, got ${describe(v)}`);
        const time = read(v);
        if (typeof time === 'string') throw new RowError(at, time);
        return time;
      }),
    );
  }
  if (o.map !== undefined) {
    const table = new Map(Object.entries(o.map));
    const otherwise = o.otherwise ?? 'keep';
    const at = joinPath(path, 'map');
    steps.push((items) =>
      items.flatMap((v) => {
        const key = asText(v);
        if (table.has(key)) {
          const mapped = table.get(key);
          return mapped === null || mapped === undefined ? [] : [mapped];
        }
        if (otherwise === 'keep') return [v];
        if (otherwise === 'omit') return [];
        throw new RowError(at, `${describe(key)} is not in the map (${[...table.keys()].join(', ')})`);
      }),
    );
  } else if (o.otherwise !== undefined) {
    scope.issues.push({ path: joinPath(path, 'otherwise'), message: '`otherwise` only goes with `map`' });
  }
  let joinStep: Step | undefined;
  if (o.join !== undefined) {
    const sep = o.join;
    joinStep = (items) => (items.length ? [items.map(asText).join(sep)] : []);
    steps.push(joinStep);
  }
  const itemwise = options.itemwise === true;
  const fallback = o.default;
  const applies = o.when === undefined ? undefined : compileWhen(o.when, joinPath(path, 'when'), scope);

  return (ctx) => {
    if (applies && !applies(ctx)) return undefined;
    const raw = source(ctx);
    let items = itemsOf(raw);
    for (const step of steps) items = itemwise && step !== joinStep ? eachItem(step, items, ctx) : step(items);
    const result = fromItems(items, Array.isArray(raw) && o.join === undefined);
    return result === undefined ? fallback : result;
  };
}

/** Runs a step on each item alone; an item it refuses is reported and left out. */
function eachItem(step: (items: unknown[]) => unknown[], items: unknown[], ctx: RowContext): unknown[] {
  return items.flatMap((item) => {
    try {
      return step([item]);
    } catch (error) {
      if (!(error instanceof RowError) || !ctx.warn) throw error;
      ctx.warn(`${error.message}; the item was skipped`);
      return [];
    }
  });
}

// ---------------------------------------------------------------------------------------------------
// Conditions.

export function compileWhen(when: When | undefined, path: string, scope: Scope): Test {
  if (when === undefined) return () => true;
  if (Array.isArray(when)) {
    const tests = when.map((c, i) => compileCondition(c, joinPath(path, i), scope));
    return (ctx) => tests.every((t) => t(ctx));
  }
  return compileCondition(when, path, scope);
}

function compileCondition(c: Condition, path: string, scope: Scope): Test {
  if ('not' in c) {
    const inner = compileWhen(c.not, joinPath(path, 'not'), scope);
    return (ctx) => !inner(ctx);
  }
  if ('any' in c) {
    const tests = c.any.map((x, i) => compileWhen(x, joinPath(joinPath(path, 'any'), i), scope));
    return (ctx) => tests.some((t) => t(ctx));
  }
  if ('all' in c) {
    const tests = c.all.map((x, i) => compileWhen(x, joinPath(joinPath(path, 'all'), i), scope));
    return (ctx) => tests.every((t) => t(ctx));
  }
  checkColumn(c.column, joinPath(path, 'column'), scope);
  const read = reader(c.column);
  const fold = c.ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  const texts = (ctx: RowContext) =>
    itemsOf(read(ctx))
      .map((v) => (typeof v === 'string' ? v.trim() : asText(v)))
      .filter((s) => s !== '');
  if (c.equals !== undefined) {
    const expected = fold(String(c.equals));
    return (ctx) => texts(ctx).some((s) => fold(s) === expected);
  }
  if (c.in !== undefined) {
    const expected = new Set(c.in.map((v) => fold(String(v))));
    return (ctx) => texts(ctx).some((s) => expected.has(fold(s)));
  }
  if (c.matches !== undefined) {
    const regex = compileRegex(c.matches, c.ignoreCase ? 'i' : '', joinPath(path, 'matches'), scope);
    return (ctx) => texts(ctx).some((s) => regex.test(s));
  }
  const wanted = c.notEmpty ?? true;
  return (ctx) => texts(ctx).length > 0 === wanted;
}

// ---------------------------------------------------------------------------------------------------
// Coercion to the model's property types.

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Converts an evaluated value to what the model declares for the property; undefined when absent. */
export function coerce(value: unknown, spec: PropertySpec, path: string): unknown {
  const items = itemsOf(value).map((v) => (v instanceof TimeValue && spec.type !== 'datetime' ? v.from : v));
  if (items.length === 0) return undefined;
  if (spec.type === 'datetime') {
    if (items.length > 1)
      throw new RowError(
        path,
        `expected one time, got ${items.length} (${items.map((v) => describe(asText(v))).join(', ')})`,
      );
    const only = items[0];
    // A time read by `time:` is already UTC ISO; other text must be ISO with an offset.
    if (only instanceof TimeValue) return only.from;
    const text = asText(only).trim();
    if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text))
      throw new RowError(
        path,
        `${describe(text)} is not an ISO time with an offset; declare how it is written with time: (epoch-ms, epoch-s, or { pattern, zone })`,
      );
    return text;
  }
  for (const item of items) {
    if (!isScalar(item)) throw new RowError(path, `expected a ${spec.type} value, got ${describe(item)}`);
  }
  if (spec.type === 'string[]') return items.map((v) => String(v));
  if (items.length > 1) {
    throw new RowError(
      path,
      `expected one ${spec.type} value, got ${items.length} (${items.map(describe).join(', ')}); use \`join\` or \`each\``,
    );
  }
  const v = items[0] as Scalar;
  switch (spec.type) {
    case 'number':
    case 'integer':
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && NUMBER.test(v.trim())) return Number(v.trim());
      throw new RowError(path, `${describe(v)} is not a number`);
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const text = String(v).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(text)) return true;
      if (['false', 'no', '0'].includes(text)) return false;
      throw new RowError(path, `${describe(v)} is not a boolean (true/false, yes/no, 1/0)`);
    }
    default:
      return String(v);
  }
}
