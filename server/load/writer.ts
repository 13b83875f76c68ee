/**
 * The one writer every parser feeds: buffers write records, and flushes them in batches of
 * `UNWIND $rows … MERGE` (nodes before relationships), each batch in its own managed write
 * transaction so the driver retries transient errors (deadlocks, leader switches, restarts).
 * MERGE on stable ids makes a replayed batch, or a re-run load, change nothing.
 *
 * Parsing and writing overlap: while flushes are written, the parser fills the next buffer, and
 * waits only when that one is full too. `concurrency` write transactions run at once (default 2, one
 * per core of a small server). Concurrent flushes may MERGE the same node; the uniqueness
 * constraints (applied before any data) make one of them wait and then match, and deadlocks between
 * them are retried.
 */
import type { Executor } from '../db/executor.js';
import { NODES, relationshipProperties } from '../model/schema.js';
import type { NodeDef, NodeLabel, RelationshipType } from '../model/schema.js';
import type { NodeWrite, RelationshipWrite, WriteRecord } from '../model/records.js';
import { nodeMergeStatement, relationshipMergeStatement } from './statements.js';
import { rankPart, SEP, sortablePlace, statement } from './evidence.js';
import type { Statement, StatementContext } from './evidence.js';
import { toNeo4jProps } from './values.js';

export interface WriteCounters {
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
}

export class BatchError extends Error {
  constructor(
    message: string,
    readonly batch: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

export class Writer {
  private nodes = new Map<NodeLabel, Entry<NodeWrite>[]>();
  private relationships = new Map<string, Entry<RelationshipWrite>[]>();
  private buffered = 0;
  private batches = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** Flushes waiting for a write slot, oldest first. */
  private readonly waiting: (() => void)[] = [];
  private writing = 0;
  private failure: BatchError | undefined;
  readonly counters: WriteCounters = { nodesCreated: 0, relationshipsCreated: 0, propertiesSet: 0 };

  constructor(
    private readonly executor: Executor,
    private readonly batchSize = 2_000,
    /** Called after each batch commits, with the number of write records it held. */
    private readonly onFlushed: (records: number) => void = () => {},
    private readonly concurrency = 2,
  ) {}

  async add(record: WriteRecord, provenance: Provenance): Promise<void> {
    const entry = { record, provenance };
    if (record.kind === 'node') push(this.nodes, record.label, entry as Entry<NodeWrite>);
    else
      push(
        this.relationships,
        `${record.type}|${record.from.label}|${record.to.label}`,
        entry as Entry<RelationshipWrite>,
      );
    if (++this.buffered >= this.batchSize) await this.startFlush();
  }

  /** Writes everything buffered and waits for every flush in flight; throws the first failure. */
  async flush(): Promise<void> {
    if (this.buffered) await this.startFlush();
    await Promise.all(this.inFlight);
    await this.throwIfFailed();
  }

  /** Hands the buffer to a flush of its own; returns while at most one flush waits for a write slot. */
  private async startFlush(): Promise<void> {
    await this.throwIfFailed();
    const statements = [
      ...[...this.nodes].map(([label, rows]) => ({
        statement: nodeMergeStatement(label),
        groups: groupByProvenance(rows, nodeRow).map((g) => ({ ...g, rows: combineNodeRows(g.rows) })),
      })),
      ...[...this.relationships.values()].map((rows) => {
        const first = rows[0]!.record;
        return {
          statement: relationshipMergeStatement(first.type, first.from.label, first.to.label),
          groups: groupByProvenance(rows, relationshipRow),
        };
      }),
    ];
    this.nodes = new Map();
    this.relationships = new Map();
    this.buffered = 0;
    const task = (async () => {
      await this.slot();
      try {
        for (const { statement, groups } of statements)
          for (const { run, rows } of groups) await this.run(statement, run, rows);
      } finally {
        this.release();
      }
    })().catch((error: unknown) => {
      this.failure ??= error as BatchError;
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    while (this.inFlight.size > this.concurrency) await Promise.race(this.inFlight);
    await this.throwIfFailed();
  }

  private async slot(): Promise<void> {
    if (this.writing < this.concurrency) {
      this.writing++;
      return;
    }
    // The releasing flush hands its slot over: `writing` stays as it is.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.writing--;
  }

  /** After a failure, lets the other flushes finish (or fail) before saying so: none is left running. */
  private async throwIfFailed(): Promise<void> {
    if (!this.failure) return;
    await Promise.all(this.inFlight);
    throw this.failure;
  }

  private async run(statement: string, run: RunProvenance, rows: Record<string, unknown>[]): Promise<void> {
    const batch = ++this.batches;
    sortForLocking(rows);
    try {
      const result = await this.executor.write(
        statement,
        { rows, run, sep: SEP },
        { timeoutMs: 300_000, metadata: { batch: String(batch) } },
      );
      const updates = result.summary.counters.updates();
      this.counters.nodesCreated += updates.nodesCreated;
      this.counters.relationshipsCreated += updates.relationshipsCreated;
      this.counters.propertiesSet += updates.propertiesSet;
      this.onFlushed(rows.length);
    } catch (error) {
      throw new BatchError(
        `batch ${batch} (${rows.length} rows, first id ${String(rows[0]?.id)}) failed after the driver's retries: ${(error as Error).message}. Every batch is stored whole or not at all; to resume, run the same load again (loading is idempotent: nothing is duplicated)`,
        batch,
        { cause: error },
      );
    }
  }
}

/**
 * Concurrent transactions that lock the same nodes in one order wait for each other instead of
 * deadlocking (a deadlock is replayed after a back-off of a second or more). Node rows are sorted by
 * id; relationship rows by the endpoint shared most (the hub side: few distinct values in the batch,
 * such as the accounts that thousands of messages are addressed to), then by the other.
 */
function sortForLocking(rows: Record<string, unknown>[]): void {
  const byId = (a: Record<string, unknown>, b: Record<string, unknown>, key: string) =>
    String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0;
  if (!('from' in (rows[0] ?? {}))) {
    rows.sort((a, b) => byId(a, b, 'id'));
    return;
  }
  const distinct = (key: string) => new Set(rows.map((r) => r[key])).size;
  const [first, second] = distinct('to') < distinct('from') ? ['to', 'from'] : ['from', 'to'];
  rows.sort((a, b) => byId(a, b, first) || byId(a, b, second));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where a record came from, as the writer stores it on what it creates. */
export interface Provenance extends RunProvenance {
  readonly file: string;
  readonly record: string;
}

/** The part of a record's provenance that it shares with the rest of the run: sent once per batch. */
interface RunProvenance {
  readonly loader: string;
  readonly run: string;
  /** Backchannel's own dataset files, written and sourced by hand: their values outrank imports. */
  readonly curated: boolean;
}

interface Entry<T extends WriteRecord> {
  readonly record: T;
  readonly provenance: Provenance;
}

/** Rows by loader and run (one group for most batches): what differs per record stays in its row. */
function groupByProvenance<T extends WriteRecord, R>(
  entries: readonly Entry<T>[],
  toRow: (entry: Entry<T>) => R,
): { run: RunProvenance; rows: R[] }[] {
  const groups = new Map<string, { run: RunProvenance; rows: R[] }>();
  for (const entry of entries) {
    const { loader, run, curated } = entry.provenance;
    const key = `${loader}\u0000${run}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { run: { loader, run, curated }, rows: [] }));
    group.rows.push(toRow(entry));
  }
  return [...groups.values()];
}

function nodeRow({ record, provenance }: Entry<NodeWrite>): NodeRow {
  const def: NodeDef = NODES[record.label];
  const context: StatementContext = {
    curated: provenance.curated,
    place: sortablePlace(provenance.file, provenance.record),
    origin: `${provenance.loader.slice(0, provenance.loader.lastIndexOf('@'))}|${provenance.file}`,
    ...(record.asOf ? { asOf: record.asOf } : {}),
  };
  const key: Record<string, unknown> = {};
  const stated: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.props)) (def.key.includes(name) ? key : stated)[name] = value;
  const st: Record<string, string> = {};
  const sts: Statement[] = [];
  for (const [name, value] of Object.entries(stated)) {
    const made = statement(name, def.properties[name], value, context);
    st[name] = made.s;
    sts.push(made);
  }
  return {
    id: record.id,
    key,
    props: toNeo4jProps(def.properties, stated),
    st,
    sts,
    acc: record.accumulate,
    file: provenance.file,
    record: provenance.record,
  };
}

type NodeRow = {
  readonly id: string;
  readonly key: Record<string, unknown>;
  readonly props: Record<string, unknown>;
  /** Each stated property's statement. */
  readonly st: Record<string, string>;
  readonly sts: Statement[];
  readonly acc: Record<string, string[]>;
  readonly file: string;
  readonly record: string;
};

/**
 * Rows of one node in a batch become one row, as the database would combine them (the higher-ranked
 * statement, the earliest place, the union of lists): fewer rows, and one node's rows never wait
 * for each other's locks.
 */
export function combineNodeRows(rows: readonly NodeRow[]): NodeRow[] {
  const byId = new Map<string, NodeRow>();
  for (const row of rows) {
    const seen = byId.get(row.id);
    byId.set(row.id, seen ? combine(seen, row) : row);
  }
  return [...byId.values()];
}

function combine(a: NodeRow, b: NodeRow): NodeRow {
  const props = { ...a.props };
  const st = { ...a.st };
  for (const [name, s] of Object.entries(b.st)) {
    if (st[name] === undefined || rankPart(s) > rankPart(st[name])) {
      st[name] = s;
      props[name] = b.props[name];
    }
  }
  const sts = new Map(a.sts.map((t) => [t.id, t]));
  for (const t of b.sts) {
    const kept = sts.get(t.id);
    if (!kept || t.s > kept.s) sts.set(t.id, t);
  }
  const acc: Record<string, string[]> = { ...a.acc };
  for (const [name, values] of Object.entries(b.acc)) acc[name] = [...new Set([...(acc[name] ?? []), ...values])];
  const earlier = `${b.file}${SEP}${b.record}` < `${a.file}${SEP}${a.record}` ? b : a;
  return { ...a, props, st, sts: [...sts.values()], acc, file: earlier.file, record: earlier.record };
}

function relationshipRow({ record, provenance }: Entry<RelationshipWrite>): Record<string, unknown> {
  const specs = relationshipProperties(record.type as RelationshipType);
  const { sourceIds, sourceQuotes, ...own } = record.props as {
    sourceIds?: string[];
    sourceQuotes?: string[];
  } & Record<string, unknown>;
  return {
    file: provenance.file,
    record: provenance.record,
    id: record.id,
    from: record.from.id,
    to: record.to.id,
    fromKey: record.from.key,
    toKey: record.to.key,
    props: toNeo4jProps(specs, own),
    sources: sourceIds?.map((id, i) => `${id}${SEP}${sourceQuotes?.[i] ?? ''}`) ?? null,
    acc: record.accumulate,
  };
}
