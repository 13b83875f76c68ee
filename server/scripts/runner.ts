/**
 * The engineers' Cypher runner: a script of one or more statements, read-only unless --write, each
 * statement in its own transaction with a timeout, rows written out as they arrive, and errors that
 * point at the file, the statement and the line.
 *
 * Every statement is planned (EXPLAIN) before any runs: a syntax error, a missing label's warning or a
 * write without --write is reported before statement 1 changes anything.
 */
import type { Notification, ResultSummary } from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import { toJson } from '../db/driver-values.js';
import type { Json } from '../db/driver-values.js';
import { InputError, QueryError } from '../errors.js';
import { missingParams, referencedParams } from './params.js';
import { classify, toPlan } from './plan.js';
import type { Classification, DriverPlan, Plan } from './plan.js';
import { OutputClosed } from './sink.js';
import { positionInScript, scanCypher, splitStatements } from './split.js';
import type { Statement } from './split.js';
import type { ResultWriter } from './writers.js';

export class ScriptError extends InputError {
  constructor(message: string) {
    super('script_failed', message);
  }
}

export interface RunScriptOptions {
  readonly executor: Executor;
  readonly script: string;
  /** Shown in errors: the file name, or "<stdin>". */
  readonly file: string;
  /** Driver values (script-params.ts). */
  readonly params: Record<string, unknown>;
  readonly write: boolean;
  readonly timeoutMs: number;
  /** Rows written per statement; undefined: all of them. */
  readonly rowCap?: number;
  /** Makes the output's writer, told how many statements the script has. */
  readonly writer: (statements: number) => ResultWriter;
  /** Notifications, one line each (stderr). */
  readonly say: (line: string) => void;
  /** Statements already committed by an earlier run (a migration resumed): neither planned nor run. */
  readonly from?: number;
  /**
   * Written as each statement commits (a migration's progress): in the statement's own transaction
   * when Neo4j allows it, so both commit or neither; right after it for schema commands and
   * `CALL { … } IN TRANSACTIONS`, which cannot share a transaction with a data write.
   */
  readonly record?: (done: number) => { cypher: string; params: Record<string, unknown> };
}

export interface StatementOutcome {
  readonly statement: number;
  readonly rows: number;
  readonly counters: Record<string, number>;
}

/** EXPLAIN or PROFILE written by the user in front of a statement. */
type ExecutionMode = 'EXPLAIN' | 'PROFILE' | undefined;

interface Planned {
  readonly statement: Statement;
  readonly index: number;
  readonly mode: ExecutionMode;
  readonly classification: Classification;
  readonly notifications: readonly Notification[];
}

/**
 * The statement's own EXPLAIN/PROFILE keyword, if it starts with one, and the text to plan: the
 * keyword blanked out (same length, so Neo4j's columns stay the script's) under a line `EXPLAIN`.
 */
function planningText(text: string): { mode: ExecutionMode; text: string } {
  const first = scanCypher(text).find((segment) => segment.kind !== 'comment' && segment.text.trim() !== '');
  const keyword = first?.kind === 'code' ? /^\s*(EXPLAIN|PROFILE)\b/i.exec(first.text) : null;
  if (!first || !keyword) return { mode: undefined, text: `EXPLAIN\n${text}` };
  const end = first.start + keyword[0].length;
  return {
    mode: keyword[1]!.toUpperCase() as ExecutionMode,
    text: `EXPLAIN\n${text.slice(0, end - keyword[1]!.length)}${' '.repeat(keyword[1]!.length)}${text.slice(end)}`,
  };
}

const SYNTAX_ERROR = 'Neo.ClientError.Statement.SyntaxError';

/** "(line 2, column 7 (offset: 40))" in a Neo4j message, shifted by the lines put before the statement. */
function located(
  file: string,
  planned: Pick<Planned, 'statement' | 'index'>,
  message: string,
  code: string | undefined,
  linesBefore: number,
): string {
  const at = /line (\d+), column (\d+)/.exec(message);
  const line = at ? Number(at[1]) - linesBefore : 0;
  const where =
    at && line >= 1
      ? positionInScript(planned.statement, line, Number(at[2]))
      : { line: planned.statement.line, column: planned.statement.column };
  // The position is said in front, in the script's terms; Neo4j's own (of the text it was sent) would mislead.
  const text = message.split('\n')[0]!.replace(/\s*\(line \d+, column \d+ \(offset: \d+\)\)/, '');
  const kind = code === SYNTAX_ERROR ? 'syntax error' : code;
  return `${file}:${where.line}:${where.column}: statement ${planned.index + 1}: ${text}${kind ? ` (${kind})` : ''}`;
}

/** A statement's own failure is located in the script; Neo4j being away or refusing the login is not. */
function statementError(error: unknown, file: string, planned: Pick<Planned, 'statement' | 'index'>, linesBefore = 0) {
  if (error instanceof QueryError) {
    const code = (error.details as { code?: string } | undefined)?.code;
    return new ScriptError(located(file, planned, error.message, code, linesBefore));
  }
  return error;
}

function notificationLine(file: string, planned: Planned, notification: Notification, linesBefore: number): string {
  const position = notification.position as { line?: number; column?: number } | undefined;
  const line = position?.line ? position.line - linesBefore : 0;
  const where =
    line >= 1 && position?.column
      ? positionInScript(planned.statement, line, position.column)
      : { line: planned.statement.line, column: planned.statement.column };
  const severity = (notification.rawSeverityLevel || 'information').toLowerCase();
  const text = (notification.description || notification.title).replace(/\s+/g, ' ').trim();
  return `${file}:${where.line}:${where.column}: statement ${planned.index + 1}: ${severity}: ${text} (${notification.code})`;
}

async function plan(options: RunScriptOptions, statement: Statement, index: number): Promise<Planned> {
  const { mode, text } = planningText(statement.text);
  try {
    const result = await options.executor.read(text, options.params, { timeoutMs: options.timeoutMs });
    const { summary } = result;
    return {
      statement,
      index,
      mode,
      classification: classify(summary.queryType, summary.plan === false ? undefined : (summary.plan as DriverPlan)),
      notifications: summary.notifications,
    };
  } catch (error) {
    throw statementError(error, options.file, { statement, index }, 1);
  }
}

function refusal(file: string, planned: Planned): ScriptError | undefined {
  const { kind } = planned.classification;
  // An EXPLAIN only plans, whatever it would do.
  if (kind === 'read' || planned.mode === 'EXPLAIN') return undefined;
  return new ScriptError(
    `${file}:${planned.statement.line}: statement ${planned.index + 1} ${kind === 'schema' ? 'changes the schema' : 'writes'}; the runner is read-only unless you pass --write (nothing was run)`,
  );
}

function countersOf(summary: ResultSummary | undefined): Record<string, number> {
  const updates: Record<string, number> = summary?.counters.updates() ?? {};
  return Object.fromEntries(Object.entries(updates).filter(([, n]) => n > 0));
}

function planOf(mode: ExecutionMode, summary: ResultSummary | undefined): Plan | undefined {
  if (mode === 'PROFILE' && summary?.profile) return toPlan(summary.profile as DriverPlan, true);
  if (mode === 'EXPLAIN' && summary?.plan) return toPlan(summary.plan as DriverPlan, false);
  return undefined;
}

async function runOne(options: RunScriptOptions, writer: ResultWriter, planned: Planned): Promise<StatementOutcome> {
  const { rowCap } = options;
  const number = planned.index + 1;
  const progress = options.record?.(number);
  const together = planned.classification.kind !== 'schema' && !planned.classification.autoCommit;
  const streamed = await options.executor.stream(
    options.write ? 'WRITE' : 'READ',
    planned.statement.text,
    options.params,
    {
      timeoutMs: options.timeoutMs,
      metadata: { script: options.file, statement: String(number) },
      autoCommit: planned.classification.autoCommit,
      ...(progress && together ? { alongside: progress } : {}),
    },
    async (result) => {
      const columns = [...(await result.keys())];
      const begun = writer.begin({ statement: number, line: planned.statement.line, columns });
      if (begun) await begun;
      let rows = 0;
      let truncated = false;
      for await (const record of result) {
        if (rowCap !== undefined && rows >= rowCap) {
          truncated = true;
          break;
        }
        rows++;
        const pending = writer.row(toJson(record.toObject()) as Record<string, Json>);
        if (pending) await pending;
      }
      return { rows, truncated, summary: truncated ? undefined : await result.summary() };
    },
  );
  if (progress && !together) await options.executor.write(progress.cypher, progress.params);
  // The run's own warnings when it finished; the plan's when it was cut short (the run's are then
  // not sent). The run's are the truer: statement 1 may create the label statement 2 uses.
  const notices = streamed.summary
    ? { list: streamed.summary.notifications, linesBefore: 0 }
    : { list: planned.notifications, linesBefore: 1 };
  for (const notification of notices.list)
    options.say(notificationLine(options.file, planned, notification, notices.linesBefore));
  const counters = countersOf(streamed.summary);
  const plan = planOf(planned.mode, streamed.summary);
  await writer.end({
    truncated: streamed.truncated,
    rowCount: streamed.rows,
    counters,
    ...(plan ? { plan } : {}),
  });
  return { statement: number, rows: streamed.rows, counters };
}

/**
 * Runs the script. Each statement's output is written when it arrives, so what statement 1 printed
 * (and committed) is kept when statement 2 fails. Throws ScriptError (located) for a statement's
 * error, OutputClosed when stdout's reader went away.
 */
export async function runScript(options: RunScriptOptions): Promise<StatementOutcome[]> {
  const statements = splitStatements(options.script);
  if (statements.length === 0) throw new ScriptError(`${options.file}: no statement to run`);
  const missing = missingParams(statements.slice(options.from ?? 0), options.params);
  if (missing.length > 0) {
    const first = statements.findIndex((s) => referencedParams(s.text).includes(missing[0]!));
    throw new ScriptError(
      `${options.file}:${statements[first]!.line}: missing parameter${missing.length > 1 ? 's' : ''} ${missing
        .map((m) => `$${m}`)
        .join(', ')} (pass --param name=value or --params file.json); nothing was run`,
    );
  }

  const plans: Planned[] = [];
  for (const [index, statement] of statements.entries()) {
    if (index >= (options.from ?? 0)) plans.push(await plan(options, statement, index));
  }
  for (const planned of plans) {
    const refused = options.write ? undefined : refusal(options.file, planned);
    if (refused) throw refused;
  }

  const writer = options.writer(plans.length);
  const outcomes: StatementOutcome[] = [];
  for (const planned of plans) {
    try {
      outcomes.push(await runOne(options, writer, planned));
    } catch (error) {
      if (error instanceof OutputClosed) throw error;
      const reported = statementError(error, options.file, planned);
      // The output stays well-formed (a JSON document is closed) with the error recorded in it.
      await writer
        .fail(planned.index + 1, planned.statement.line, (reported as Error).message)
        .then(() => writer.close())
        .catch(() => undefined);
      throw reported;
    }
  }
  await writer.close();
  return outcomes;
}
