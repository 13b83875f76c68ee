/**
 * The parameters a script runs with, as the driver sends them. A library script (one with a
 * `// @name` header) takes its declared parameters, defaults filled in and values checked against
 * the declared types, as the API does; any other script types its parameters from how they are
 * written (params.ts), and `-P` expressions are evaluated by Neo4j itself.
 */
import neo4j from 'neo4j-driver';
import { toNeo4jDate, toNeo4jDateTime, toNeo4jLocalDateTime } from '../db/driver-values.js';
import type { Executor } from '../db/executor.js';
import { AppError } from '../errors.js';
import { paramsSchema, parseSavedQuery, toCypherParams } from '../queries/library.js';
import { parseParamSource, ParamError, splitParamArg, TemporalText } from '../scripts/params.js';
import type { ParamValue } from '../scripts/params.js';

function temporal(value: TemporalText): unknown {
  if (value.kind === 'date') return toNeo4jDate(value.value);
  if (value.kind === 'localdatetime') return toNeo4jLocalDateTime(value.value);
  return toNeo4jDateTime(value.value);
}

/** Command-line values → driver values: bigint as INTEGER, numbers as FLOAT, tagged text as temporals. */
export function driverValue(value: ParamValue): unknown {
  if (typeof value === 'bigint') return neo4j.int(value.toString());
  if (value instanceof TemporalText) return temporal(value);
  if (Array.isArray(value)) return value.map(driverValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, driverValue(v)]));
  }
  return value;
}

/** The value of `-P` text, computed by Neo4j in a READ transaction with the parameters set before it. */
async function evaluate(
  executor: Executor,
  expression: string,
  params: Record<string, unknown>,
  what: string,
): Promise<unknown> {
  try {
    const result = await executor.read(`RETURN ${expression} AS v`, params, { timeoutMs: 10_000 });
    return result.records[0]?.get('v');
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'query_invalid') throw error;
    // Neo4j's position is in `RETURN … AS v`, not in what the user typed: left out.
    const reason = error.message.split('\n')[0]!.replace(/\s*\(line \d+, column \d+ \(offset: \d+\)\)/, '');
    throw new ParamError(`${what}: Neo4j cannot evaluate ${expression}: ${reason}`);
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Plain scripts: the file's parameters, then each `--param`/`-P` in order (a later one wins, and an
 * expression may use the ones before it).
 */
export async function plainParams(
  executor: Executor | undefined,
  fromFile: Record<string, ParamValue>,
  args: readonly string[],
): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  const set = (name: string, value: unknown) =>
    // defineProperty keeps a parameter named __proto__ a parameter.
    Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
  for (const [name, value] of Object.entries(fromFile)) set(name, driverValue(value));
  for (const arg of args) {
    const source = parseParamSource(arg);
    if ('value' in source) {
      set(source.name, driverValue(source.value));
      continue;
    }
    if (!executor) throw new ParamError(`-P ${arg}: expressions need Neo4j`);
    const what = source.name === undefined ? `-P ${arg}` : `parameter ${source.name}`;
    const value = await evaluate(executor, source.expression.text, params, what);
    if (source.name !== undefined) set(source.name, value);
    else if (isPlainMap(value)) for (const [name, inner] of Object.entries(value)) set(name, inner);
    else throw new ParamError(`${what}: a map like {name: <expression>} was expected`);
  }
  return params;
}

export function isLibraryScript(script: string): boolean {
  return /^\s*\/\/\s*@name\b/.test(script);
}

/** Library scripts: declared parameters, validated by the same zod schema as the API's. */
export function libraryParams(
  script: string,
  file: string,
  fromFile: Record<string, ParamValue>,
  args: readonly string[],
): Record<string, unknown> {
  const query = parseSavedQuery(script, file);
  const raw: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fromFile)) {
    // The API's schema reads JSON numbers; a file's integers arrive here as bigint.
    raw[name] = typeof value === 'bigint' ? Number(value) : value;
  }
  for (const arg of args) {
    if (/^\s*(?:[A-Za-z_]\w*\s*=>|\{)/.test(arg))
      throw new ParamError(
        `${file}: ${arg}: a library query's parameters are checked against their declared types; pass name=value`,
      );
    const [name, value] = splitParamArg(arg);
    raw[name] = value;
  }
  const parsed = paramsSchema(query).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ParamError(`${file}: parameter ${issue.path.join('.') || '(all)'}: ${issue.message}`);
  }
  return toCypherParams(query, parsed.data);
}
