/**
 * Query parameters given on the command line (`--param name=value`, `--params file.json`) and the
 * `$name` references that statements make to them.
 */
import { readFileSync } from 'node:fs';
import { scanCypher, unquoteIdentifier } from './split.js';
import { int64, parseTypedJson, TypedJsonError } from './typed-json.js';
import type { TypedJson } from './typed-json.js';
import { InputError } from '../errors.js';

/**
 * A date or date-time typed on the command line. Kept as ISO text with a tag rather than a driver
 * object so this module stays free of the driver; the runner converts it before sending. A class, so
 * that a JSON map which happens to have `kind` and `value` keys is never taken for one.
 */
export class TemporalText {
  constructor(
    readonly kind: 'date' | 'datetime' | 'localdatetime',
    readonly value: string,
  ) {}
}

/**
 * `-P 'name => <expression>'` (cypher-shell's form): Cypher text that Neo4j evaluates, in a READ
 * transaction, to the parameter's value; `{a: 1, b: date()}` sets several at once.
 */
export class CypherExpression {
  constructor(readonly text: string) {}
}

/**
 * Integers are bigint (sent as Cypher INTEGER), other numbers are floats (sent as FLOAT), as the
 * driver itself distinguishes them; so `1.0` stays a float and `$x / 2` is 0.5.
 */
export type ParamValue = TypedJson | TemporalText | ParamValue[] | { [key: string]: ParamValue };

/** One `--param`/`-P` argument: a value to use, or an expression for Neo4j to evaluate (name absent for a map). */
export type ParamArg =
  | { readonly name: string; readonly value: ParamValue }
  | { readonly name?: string; readonly expression: CypherExpression };

export class ParamError extends InputError {
  constructor(
    message: string,
    readonly param?: string,
  ) {
    super('invalid_parameter', message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/;
const ARROW = /^\s*([A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)+`)\s*=>\s*([\s\S]*)$/;
const FORCE_STRING = 'str:';

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids any DST shift.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseTemporal(name: string, value: string): TemporalText | undefined {
  const date = DATE.exec(value);
  if (date) {
    const [, year, month, day] = date.map(Number) as [number, number, number, number];
    // A value shaped like a date but not one is far likelier a typo than a wanted string.
    if (!isCalendarDate(year, month, day))
      throw new ParamError(`parameter ${name}: ${value} is not a valid date (use str: to pass it as text)`, name);
    return new TemporalText('date', value);
  }
  const datetime = DATETIME.exec(value);
  if (datetime) {
    const zone = datetime[7];
    const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = datetime.map((part) =>
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
    // Without an offset it is a wall-clock time: Cypher's LOCAL DATETIME, which never equals a
    // zoned DATETIME; matching stored instants needs the offset (2016-09-21T10:00:00Z).
    return new TemporalText(zone === undefined ? 'localdatetime' : 'datetime', value);
  }
  return undefined;
}

/** Types a command-line value the way a user would expect from how it is written. */
export function parseParamValue(name: string, value: string): ParamValue {
  if (value.startsWith(FORCE_STRING)) return value.slice(FORCE_STRING.length);
  if (value === '')
    throw new ParamError(
      `parameter ${name}: no value after = (write ${name}=null for null, ${name}=str: for an empty string)`,
      name,
    );
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (INTEGER.test(value)) {
    const integer = int64(value);
    if (integer === undefined)
      throw new ParamError(
        `parameter ${name}: ${value} is outside Cypher's integer range (-2^63 to 2^63-1); use str: to pass it as text`,
        name,
      );
    return integer;
  }
  if (DECIMAL.test(value)) return Number(value);
  const temporal = parseTemporal(name, value);
  if (temporal) return temporal;
  if (value.startsWith('[') || value.startsWith('{') || value.startsWith('"')) {
    try {
      return parseTypedJson(value, `parameter ${name}`);
    } catch (error) {
      if (error instanceof TypedJsonError) throw new ParamError(error.message, name);
      throw new ParamError(
        `parameter ${name}: invalid JSON: ${(error as Error).message.replace(/^parameter \w+:\d+:\d+: not valid JSON: /, '')}`,
        name,
      );
    }
  }
  return value;
}

function checkName(name: string): string {
  if (!NAME.test(name))
    throw new ParamError(
      `parameter name ${JSON.stringify(name)} is invalid: use letters, digits and _, not starting with a digit`,
      name,
    );
  return name;
}

/** Splits `name=value` on the first `=` (values may contain more), with one line naming what is wrong. */
export function splitParamArg(arg: string): [string, string] {
  const equals = arg.indexOf('=');
  if (equals === -1)
    throw new ParamError(
      `parameter ${JSON.stringify(arg)}: expected name=value (or -P 'name => expression')`,
      NAME.test(arg) ? arg : undefined,
    );
  return [checkName(arg.slice(0, equals)), arg.slice(equals + 1)];
}

/** Parses one `name=value` argument into a typed value. */
export function parseParamArg(arg: string): [string, ParamValue] {
  const [name, value] = splitParamArg(arg);
  return [name, parseParamValue(name, value)];
}

/**
 * One `--param` / `-P` argument, in any of the forms accepted: `name=value` (typed from its text),
 * cypher-shell's `name => <expression>`, or a map expression `{name: <expression>, …}`.
 */
export function parseParamSource(arg: string): ParamArg {
  const arrow = ARROW.exec(arg);
  if (arrow) {
    const [, quoted = '', expression = ''] = arrow;
    const name = quoted.startsWith('`') ? unquoteIdentifier(quoted) : quoted;
    if (expression.trim() === '') throw new ParamError(`parameter ${name}: no expression after =>`, name);
    return { name, expression: new CypherExpression(expression.trim()) };
  }
  if (arg.trimStart().startsWith('{')) return { expression: new CypherExpression(arg.trim()) };
  const [name, value] = parseParamArg(arg);
  return { name, value };
}

/** `--params file.json`: a JSON object of parameters; bad JSON is named by file, line and column. */
export function readParamsFile(file: string): Record<string, ParamValue> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ParamError(`--params ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  let value: TypedJson;
  try {
    value = parseTypedJson(text, file);
  } catch (error) {
    if (error instanceof TypedJsonError) throw new ParamError(error.message);
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParamError(`${file}: must be a JSON object of parameters, like {"name": "value"}`);
  }
  return value as Record<string, ParamValue>;
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
