/**
 * The runner's output, one statement at a time, as rows arrive. Machine formats stream every row to
 * stdout at once (NDJSON and CSV line by line, JSON as an array written as it grows) and put what is
 * not data (counters, plans, truncation) on stderr; the table, for a person, gathers a capped number
 * of rows to size its columns. When a script has several statements each format says which
 * statement a row belongs to: a title per table, a `# statement N` comment line before each CSV
 * block, `{"statement": N, "row": {…}}` per NDJSON line, and an entry per statement in JSON.
 */
import type { Json } from '../db/driver-values.js';
import { cells, csvField, formatTable, toJson } from './output-format.js';
import type { OutputFormat } from './output-format.js';
import { planJson, renderPlan } from './plan.js';
import type { Plan } from './plan.js';
import type { Sink } from './sink.js';

export interface StatementHead {
  readonly statement: number;
  readonly line: number;
  readonly columns: string[];
}

export interface StatementTail {
  readonly truncated: boolean;
  readonly rowCount: number;
  readonly counters: Record<string, number>;
  readonly plan?: Plan;
}

export interface ResultWriter {
  begin(head: StatementHead): Promise<void> | undefined;
  /** Returns a promise when the output wants the caller to wait (backpressure). */
  row(row: Record<string, Json>): Promise<void> | undefined;
  end(tail: StatementTail): Promise<void>;
  /** A statement failed: machine output stays well-formed (JSON records the error). */
  fail(statement: number, line: number, message: string): Promise<void>;
  close(): Promise<void>;
}

export interface WriterOptions {
  readonly sink: Sink;
  /** stderr, one line at a time. */
  readonly say: (line: string) => void;
  /** Statements in the script: with more than one, output says which statement each row is of. */
  readonly statements: number;
  readonly maxWidth?: number;
}

function countersText(counters: Record<string, number>): string {
  return Object.entries(counters)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/** What machine formats put on stderr after a statement: its counters, plan and truncation. */
function sideNotes(options: WriterOptions, head: StatementHead | undefined, tail: StatementTail): void {
  const who = options.statements > 1 && head ? `statement ${head.statement}: ` : '';
  if (tail.truncated) options.say(`${who}output truncated at ${tail.rowCount} rows by --max-rows`);
  const counters = countersText(tail.counters);
  if (counters) options.say(`${who}${counters}`);
  if (tail.plan) options.say(renderPlan(tail.plan).trimEnd());
}

class TableWriter implements ResultWriter {
  private head?: StatementHead;
  private rows: Record<string, Json>[] = [];
  private printed = 0;

  constructor(private readonly options: WriterOptions) {}

  begin(head: StatementHead) {
    this.head = head;
    this.rows = [];
    return undefined;
  }

  row(row: Record<string, Json>) {
    this.rows.push(row);
    return undefined;
  }

  async end(tail: StatementTail) {
    const head = this.head!;
    const { sink } = this.options;
    const parts: string[] = [];
    if (this.printed > 0) parts.push('\n');
    if (this.options.statements > 1) parts.push(`-- statement ${head.statement} (line ${head.line})\n`);
    // An EXPLAIN has no rows to count: its plan is the answer.
    if (!(tail.plan && !tail.plan.profiled)) {
      parts.push(
        formatTable(
          { columns: head.columns, rows: this.rows },
          { truncated: tail.truncated, ...(this.options.maxWidth ? { maxWidth: this.options.maxWidth } : {}) },
        ),
      );
    }
    const counters = countersText(tail.counters);
    if (counters) parts.push(`${counters}\n`);
    if (tail.plan) parts.push(renderPlan(tail.plan));
    this.printed++;
    this.rows = [];
    await sink.write(parts.join(''));
    await sink.flush();
  }

  async fail() {
    await this.options.sink.flush();
  }

  async close() {
    await this.options.sink.flush();
  }
}

class NdjsonWriter implements ResultWriter {
  private head?: StatementHead;

  constructor(private readonly options: WriterOptions) {}

  begin(head: StatementHead) {
    this.head = head;
    return undefined;
  }

  row(row: Record<string, Json>) {
    const value = this.options.statements > 1 ? { statement: this.head!.statement, row } : row;
    return this.options.sink.write(`${toJson(value)}\n`);
  }

  async end(tail: StatementTail) {
    await this.options.sink.flush();
    sideNotes(this.options, this.head, tail);
  }

  async fail() {
    await this.options.sink.flush();
  }

  async close() {
    await this.options.sink.flush();
  }
}

class CsvWriter implements ResultWriter {
  private head?: StatementHead;
  private blocks = 0;

  constructor(private readonly options: WriterOptions) {}

  begin(head: StatementHead) {
    this.head = head;
    const title =
      this.options.statements > 1
        ? `${this.blocks > 0 ? '\n' : ''}# statement ${head.statement} (line ${head.line})\n`
        : '';
    this.blocks++;
    return this.options.sink.write(`${title}${head.columns.map(csvField).join(',')}\n`);
  }

  row(row: Record<string, Json>) {
    const values = cells({ columns: this.head!.columns, rows: [] }, row);
    return this.options.sink.write(`${values.map(csvField).join(',')}\n`);
  }

  async end(tail: StatementTail) {
    await this.options.sink.flush();
    sideNotes(this.options, this.head, tail);
  }

  async fail() {
    await this.options.sink.flush();
  }

  async close() {
    await this.options.sink.flush();
  }
}

/**
 * One JSON array, an entry per statement ({statement, line, columns, rows, truncated, counters,
 * plan?}), written as it grows so memory stays flat; a failed statement's entry has `error`, and the
 * array is closed either way, so the output always parses.
 */
class JsonWriter implements ResultWriter {
  private entries = 0;
  private rowsInEntry = -1;

  constructor(private readonly options: WriterOptions) {}

  private opening(): string {
    return this.entries++ === 0 ? '[\n' : ',\n';
  }

  begin(head: StatementHead) {
    this.rowsInEntry = 0;
    const fields = `"statement":${head.statement},"line":${head.line},"columns":${toJson(head.columns)}`;
    return this.options.sink.write(`${this.opening()}{${fields},"rows":[`);
  }

  row(row: Record<string, Json>) {
    return this.options.sink.write(`${this.rowsInEntry++ === 0 ? '\n' : ',\n'}${toJson(row)}`);
  }

  async end(tail: StatementTail) {
    const plan = tail.plan ? `,"plan":${toJson(planJson(tail.plan))}` : '';
    await this.options.sink.write(`],"truncated":${tail.truncated},"counters":${toJson(tail.counters)}${plan}}`);
    this.rowsInEntry = -1;
    await this.options.sink.flush();
  }

  async fail(statement: number, line: number, message: string) {
    const error = `"error":${toJson(message)}`;
    // Failing inside an entry closes its rows; failing before it opened writes an entry of its own.
    await this.options.sink.write(
      this.rowsInEntry >= 0 ? `],${error}}` : `${this.opening()}{"statement":${statement},"line":${line},${error}}`,
    );
    this.rowsInEntry = -1;
    await this.options.sink.flush();
  }

  async close() {
    await this.options.sink.write(this.entries === 0 ? '[]\n' : '\n]\n');
    await this.options.sink.flush();
  }
}

/** For scripts whose results nobody reads (migrations): rows are dropped as they arrive. */
export const DISCARD: ResultWriter = {
  begin: () => undefined,
  row: () => undefined,
  end: async () => undefined,
  fail: async () => undefined,
  close: async () => undefined,
};

export function resultWriter(format: OutputFormat, options: WriterOptions): ResultWriter {
  switch (format) {
    case 'table':
      return new TableWriter(options);
    case 'ndjson':
      return new NdjsonWriter(options);
    case 'csv':
      return new CsvWriter(options);
    case 'json':
      return new JsonWriter(options);
  }
}
