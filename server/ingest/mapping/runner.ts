/**
 * Runs rows of one file through a compiled mapping and accounts for every one of them: each row
 * yields its records (loaded), or is rejected with its place and reason, or produced nothing (every
 * template's `when` failed). ParseOptions.onRow is told which, so a load can report
 * read = loaded + rejected + produced-nothing; the file also ends with a warning counting the rows
 * that produced nothing, so they are never silent.
 *
 * Joins by id: a row naming a node by the source's id (`{node: member, id: {column: source}}`) that no
 * earlier row has given waits until the end of the file, and is retried as long as retries resolve
 * something (rows may wait on rows that wait); what is still unknown then is rejected.
 */
import type { Location, ParseOptions, Parsed } from '../types.js';
import { RecordGate, Unresolved } from './rows.js';
import type { Endpoint, RowMapper, RowOutput } from './rows.js';
import { RowError } from './values.js';
import type { RowContext } from './values.js';

export interface Row {
  readonly where: Location;
  readonly ctx: RowContext;
  readonly raw: () => string;
  readonly group?: string;
}

/** The endpoints of the nodes join targets produced, by template and id, once their row has passed. */
export class JoinIndex {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly targets: ReadonlySet<string>) {}

  register(output: RowOutput): void {
    for (const template of this.targets) {
      for (const n of output.instances.get(template) ?? []) {
        if (n.joinId !== undefined) this.endpoints.set(`${template}\u0000${n.joinId}`, { label: n.label, key: n.key });
      }
    }
  }

  lookup(template: string, id: string): Endpoint | undefined {
    return this.endpoints.get(`${template}\u0000${id}`);
  }
}

export class RowRunner {
  private readonly gate = new RecordGate();
  private readonly index: JoinIndex;
  private readonly waiting: Row[] = [];
  private nothing = 0;
  private firstNothing: Location | undefined;

  constructor(
    private readonly mapper: RowMapper,
    private readonly dataset: string,
    private readonly options: ParseOptions = {},
  ) {
    this.index = new JoinIndex(mapper.joinTargets);
  }

  /** What to yield for a row now (nothing while it waits for a join). */
  run(row: Row): Parsed[] {
    return this.attempt(row, false) ?? [];
  }

  /** Rejects a row the parser could not even read as a row (a bad line, not an object). */
  reject(where: Location, error: string, raw: string): Parsed {
    this.options.onRow?.('rejected', where);
    return { where, error, raw };
  }

  /** At the end of the file: the rows that waited, then the count of rows that produced nothing. */
  finish(file: string): Parsed[] {
    const out: Parsed[] = [];
    let progress = true;
    while (progress && this.waiting.length > 0) {
      progress = false;
      for (const row of this.waiting.splice(0)) {
        const result = this.attempt(row, false);
        if (result) {
          progress = true;
          out.push(...result);
        }
      }
    }
    for (const row of this.waiting.splice(0)) out.push(...this.attempt(row, true)!);
    if (this.nothing > 0) {
      out.push({
        where: this.firstNothing ?? { file },
        warning: `${this.nothing} row${this.nothing === 1 ? '' : 's'} produced no record (no template applied); the first is here`,
      });
    }
    return out;
  }

  /** Undefined: the row waits for a join (only when not final). */
  private attempt(row: Row, final: boolean): Parsed[] | undefined {
    const { where } = row;
    let output: RowOutput;
    let records: Record<string, unknown>[];
    try {
      output = this.mapper.map(row.ctx, {
        dataset: this.dataset,
        lookup: (template, id) => this.index.lookup(template, id),
        ...(row.group !== undefined ? { group: row.group } : {}),
      });
      records = this.gate.pass(output);
    } catch (error) {
      if (error instanceof Unresolved && !final) {
        this.waiting.push(row);
        return undefined;
      }
      if (!(error instanceof RowError)) throw error;
      return [this.reject(where, error.message, row.raw())];
    }
    this.index.register(output);
    const out: Parsed[] = output.warnings.map((warning) => ({ where, warning }));
    if (output.records.length === 0) {
      this.nothing++;
      this.firstNothing ??= where;
      this.options.onRow?.('nothing', where);
    } else {
      this.options.onRow?.('loaded', where);
    }
    for (const record of records) out.push({ where, record });
    return out;
  }
}
