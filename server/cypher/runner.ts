/**
 * The engineers' Cypher runner: a script of one or more statements, typed parameters, read-only
 * unless --write, each statement in its own transaction with a timeout and a row cap, results in
 * the format asked for, and errors that point at the file, the statement and the line.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import { toJson } from '../db/values.js';
import type { Json } from '../db/values.js';
import { AppError } from '../errors.js';
import { toNeo4jDate, toNeo4jDateTime } from '../load/values.js';
import { collectRows } from '../queries/readonly.js';
import { formatResult } from './format.js';
import type { OutputFormat } from './format.js';
import type { TemporalParam } from './params.js';
import { missingParams, referencedParams } from './params.js';
import { positionInScript, splitStatements } from './split.js';
import type { Statement } from './split.js';

export class ScriptError extends Error {}

export interface RunScriptOptions {
  readonly executor: Executor;
  readonly script: string;
  /** Shown in errors: the file name, or "<stdin>". */
  readonly file: string;
  readonly params: Record<string, unknown>;
  readonly write: boolean;
  readonly timeoutMs: number;
  readonly rowCap: number;
  /** Params that came from the command line's typing (date/datetime tags), to convert to temporals. */
  readonly temporal?: ReadonlySet<string>;
}

export interface StatementResult {
  readonly statement: number;
  readonly line: number;
  readonly columns: string[];
  readonly rows: Record<string, Json>[];
  readonly truncated: boolean;
  readonly counters: Record<string, number>;
}

function isTemporal(value: unknown): value is TemporalParam {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(value).length === 2 &&
    ((value as TemporalParam).kind === 'date' || (value as TemporalParam).kind === 'datetime') &&
    typeof (value as TemporalParam).value === 'string'
  );
}

/** Command-line values → driver values: whole numbers as Cypher integers, tagged dates as temporals. */
export function driverParams(params: Record<string, unknown>, temporal: ReadonlySet<string>): Record<string, unknown> {
  const convert = (value: unknown): unknown => {
    if (typeof value === 'bigint') return neo4j.int(value.toString());
    if (typeof value === 'number' && Number.isSafeInteger(value)) return neo4j.int(value);
    if (Array.isArray(value)) return value.map(convert);
    // Plain maps only: driver values (integers, temporals) pass through as they are.
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      if (temporal.has(name) && isTemporal(value)) {
        return [name, value.kind === 'date' ? toNeo4jDate(value.value) : toNeo4jDateTime(value.value)];
      }
      return [name, convert(value)];
    }),
  );
}

/** "(line 2, column 7 (offset: 40))" in a Neo4j message → the position in the script. */
function locate(file: string, statement: Statement, index: number, message: string): string {
  const at = /line (\d+), column (\d+)/.exec(message);
  const where = at
    ? positionInScript(statement, Number(at[1]), Number(at[2]))
    : { line: statement.line, column: statement.column };
  return `${file}:${where.line}:${where.column}: statement ${index + 1}: ${message.split('\n')[0]}`;
}

export async function runScript(options: RunScriptOptions): Promise<StatementResult[]> {
  const statements = splitStatements(options.script);
  if (statements.length === 0) throw new ScriptError(`${options.file}: no statement to run`);
  const missing = missingParams(statements, options.params);
  if (missing.length > 0) {
    const first = statements.findIndex((s) => referencedParams(s.text).includes(missing[0]!));
    throw new ScriptError(
      `${options.file}:${statements[first]!.line}: missing parameter${missing.length > 1 ? 's' : ''} ${missing
        .map((m) => `$${m}`)
        .join(', ')} (pass --param name=value or --params file.json); nothing was run`,
    );
  }
  const params = driverParams(options.params, options.temporal ?? new Set());
  const { executor } = options;

  // Every statement is planned before any runs, so a write in statement 3 stops the script before
  // statement 1 changes anything.
  for (const [index, statement] of statements.entries()) {
    let queryType: string | undefined;
    try {
      const plan = await executor.read(`EXPLAIN ${statement.text}`, params, { timeoutMs: options.timeoutMs });
      queryType = plan.summary.queryType;
    } catch (error) {
      // Schema commands cannot be EXPLAINed; treat them as writes.
      if (!(error instanceof AppError) || !/EXPLAIN|explain/.test(error.message)) {
        throw new ScriptError(locate(options.file, statement, index, (error as Error).message));
      }
      queryType = 's';
    }
    if (queryType !== 'r' && !options.write) {
      throw new ScriptError(
        `${options.file}:${statement.line}: statement ${index + 1} ${queryType === 's' ? 'changes the schema' : 'writes'}; the runner is read-only unless you pass --write (nothing was run)`,
      );
    }
  }

  const results: StatementResult[] = [];
  for (const [index, statement] of statements.entries()) {
    try {
      const collected = await executor.transaction(
        options.write ? 'WRITE' : 'READ',
        (tx) => collectRows(tx, statement.text, params, options.rowCap),
        { timeoutMs: options.timeoutMs, metadata: { script: options.file, statement: String(index + 1) } },
      );
      const counters: Record<string, number> = collected.summary?.counters.updates() ?? {};
      results.push({
        statement: index + 1,
        line: statement.line,
        columns: collected.columns,
        rows: collected.records.map((r) => toJson(r) as Record<string, Json>),
        truncated: collected.truncated,
        counters: Object.fromEntries(Object.entries(counters).filter(([, n]) => n > 0)),
      });
    } catch (error) {
      throw new ScriptError(locate(options.file, statement, index, (error as Error).message));
    }
  }
  return results;
}

/** Renders results per statement: a titled table each, or a JSON document / NDJSON / CSV blocks. */
export function renderResults(results: StatementResult[], format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(results, null, 2)}\n`;
  const several = results.length > 1;
  return results
    .map((r) => {
      const body = formatResult(format, r, { truncated: r.truncated });
      if (format === 'ndjson') return body;
      const counters = Object.entries(r.counters)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      const title = several && format === 'table' ? `-- statement ${r.statement} (line ${r.line})\n` : '';
      const footer = counters && format === 'table' ? `${counters}\n` : '';
      return `${title}${body}${footer}`;
    })
    .join(format === 'csv' || format === 'table' ? '\n' : '');
}
