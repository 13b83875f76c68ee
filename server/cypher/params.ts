/**
 * Query parameters given on the command line (`--param name=value`, `--params file.json`) and the
 * `$name` references that statements make to them.
 */
import { readFileSync } from 'node:fs';
import { parseJsonText } from '../json-text.js';
import { scanCypher, unquoteIdentifier } from './split.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A date or datetime typed on the command line. Kept as ISO text with a tag rather than a driver
 * object so this module stays free of the driver; the runner converts it before sending.
 */
export interface TemporalParam {
  readonly kind: 'date' | 'datetime';
  readonly value: string;
}

/** `bigint` is for integers past 2^53, which the driver sends as a Cypher INTEGER without rounding. */
export type ParamValue = JsonValue | bigint | TemporalParam;

export class ParamError extends Error {
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const FORCE_STRING = 'str:';

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids any DST shift.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseTemporal(name: string, value: string): TemporalParam | undefined {
  const date = DATE.exec(value);
  if (date) {
    const [, year, month, day] = date.map(Number) as [number, number, number, number];
    // A value shaped like a date but not one is far likelier a typo than a wanted string.
    if (!isCalendarDate(year, month, day))
      throw new ParamError(`parameter ${name}: ${value} is not a valid date (use str: to pass it as text)`, name);
    return { kind: 'date', value };
  }
  const datetime = DATETIME.exec(value);
  if (datetime) {
    const [, year, month, day, hour, minute, second, offsetHours, offsetMinutes] = datetime.map((part) =>
      part === undefined ? 0 : Number(part),
    ) as number[];
    const valid =
      isCalendarDate(year!, month!, day!) &&
      hour! < 24 &&
      minute! < 60 &&
      second! < 60 &&
      offsetHours! <= 18 &&
      offsetMinutes! < 60;
    if (!valid)
      throw new ParamError(`parameter ${name}: ${value} is not a valid datetime (use str: to pass it as text)`, name);
    return { kind: 'datetime', value };
  }
  return undefined;
}

/** Types a command-line value the way a user would expect from how it is written. */
export function parseParamValue(name: string, value: string): ParamValue {
  if (value.startsWith(FORCE_STRING)) return value.slice(FORCE_STRING.length);
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (INTEGER.test(value)) {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : BigInt(value);
  }
  if (DECIMAL.test(value)) return Number(value);
  const temporal = parseTemporal(name, value);
  if (temporal) return temporal;
  if (value.startsWith('[') || value.startsWith('{') || value.startsWith('"')) {
    try {
      return JSON.parse(value) as JsonValue;
    } catch (error) {
      throw new ParamError(`parameter ${name}: invalid JSON: ${(error as Error).message}`, name);
    }
  }
  return value;
}

/** Parses one `name=value` argument; only the first `=` separates, so values may contain more. */
export function parseParamArg(arg: string): [string, ParamValue] {
  const equals = arg.indexOf('=');
  if (equals === -1) throw new ParamError(`parameter ${JSON.stringify(arg)}: expected name=value`);
  const name = arg.slice(0, equals);
  if (!NAME.test(name))
    throw new ParamError(
      `parameter name ${JSON.stringify(name)} is invalid: use letters, digits and _, not starting with a digit`,
      name,
    );
  return [name, parseParamValue(name, arg.slice(equals + 1))];
}

/** `--params file.json`: a JSON object of parameters; bad JSON is named by file, line and column. */
export function readParamsFile(file: string): Record<string, unknown> {
  const value = parseJsonText(readFileSync(file, 'utf8'), file);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParamError(`${file}: must be a JSON object of parameters, like {"name": "value"}`);
  }
  return value as Record<string, unknown>;
}

/** The file's parameters overlaid with the command line's; a later `--param` of the same name wins. */
export function mergeParams(fromFile: Record<string, unknown> | undefined, args: string[]): Record<string, unknown> {
  // Object.fromEntries defines own properties, so a parameter named __proto__ stays a parameter.
  return Object.fromEntries([...Object.entries(fromFile ?? {}), ...args.map(parseParamArg)]);
}

const PARAM_NAME = /^(?:[\p{L}_][\p{L}\p{N}_]*|\d+)/u;

/** Distinct `$name` parameters a statement uses, in order of first use; `$` in strings and comments is text. */
export function referencedParams(statement: string): string[] {
  const names = new Set<string>();
  const segments = scanCypher(statement);
  segments.forEach((segment, index) => {
    if (segment.kind !== 'code') return;
    for (let i = segment.text.indexOf('$'); i !== -1; i = segment.text.indexOf('$', i + 1)) {
      const name = PARAM_NAME.exec(segment.text.slice(i + 1))?.[0];
      if (name !== undefined) {
        names.add(name);
        continue;
      }
      const following = segments[index + 1];
      // `$` then a quoted identifier: the scanner put the name in the next segment.
      if (i === segment.text.length - 1 && following?.kind === 'identifier')
        names.add(unquoteIdentifier(following.text));
    }
  });
  return [...names];
}

/** Parameters some statement references but `params` lacks, in order of first use across the statements. */
export function missingParams(statements: readonly { text: string }[], params: Record<string, unknown>): string[] {
  const missing = new Set<string>();
  for (const statement of statements) {
    for (const name of referencedParams(statement.text)) if (!Object.hasOwn(params, name)) missing.add(name);
  }
  return [...missing];
}
