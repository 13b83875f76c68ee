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
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import { AppError } from '../errors.js';
import { NODES, relationshipProperties } from '../model/graph-model.js';
import type { NodeDef, NodeLabel, RelationshipType } from '../model/graph-model.js';
import type { NodeWrite, RelationshipWrite, WriteRecord } from '../model/records.js';
import { nodeMergeStatement, relationshipMergeStatement } from './statements.js';
import { compareCodePoints, rankPart, SEP, sortablePlace, statement } from '../model/evidence.js';
import type { Statement, StatementContext } from '../model/evidence.js';
import { toNeo4jProps } from '../db/driver-values.js';

export interface WriteCounters {
  nodesCreated: number;
  relationshipsCreated: number;
  propertiesSet: number;
  /** Values written that differ from another value held for the same property (both are kept). */
  conflicts: number;
  /** A few nodes with such values, to look at. */
  conflicting: string[];
}

/** An AppError, so the CLI prints its message as one line (it says how to resume). */
export class BatchError extends AppError {
  constructor(
    message: string,
    readonly batch: number,
    options: { cause: unknown },
  ) {
    super('load_batch_failed', message, 500, undefined, options);
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
  /** Node ids whose writes are in flight, each with the flush's promise of being done with them. */
  private readonly nodeClaims = new Map<string, Promise<void>>();
  private failure: BatchError | undefined;
  readonly counters: WriteCounters = {
    nodesCreated: 0,
    relationshipsCreated: 0,
    propertiesSet: 0,
    conflicts: 0,
    conflicting: [],
  };

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
    const nodeStatements = this.nodes.size;
    const statements = [
      ...[...this.nodes].map(([label, rows]) => ({
        statement: nodeMergeStatement(label),
        groups: groupByProvenance(rows, nodeRow).map((g) => ({ ...g, rows: combineNodeRows(g.rows).map(wireRow) })),
      })),
      ...[...this.relationships.values()].map((rows) => {
        const first = rows[0]!.record;
        return {
          statement: relationshipMergeStatement(first.type, first.from.label, first.to.label),
          groups: groupByProvenance(rows, relationshipRow).map((g) => ({
            ...g,
            rows: combineRelationshipRows(g.rows),
          })),
        };
      }),
    ];
    const nodeIds = [...this.nodes.values()].flatMap((entries) => entries.map((e) => e.record.id));
    this.nodes = new Map();
    this.relationships = new Map();
    this.buffered = 0;
    const { earlier, done } = this.claimNodes(nodeIds);
    const task = (async () => {
      try {
        await Promise.all(earlier);
        await this.slot();
        try {
          for (const [index, { statement, groups }] of statements.entries()) {
            for (const { run, rows } of groups) await this.run(statement, run, rows);
            if (index === nodeStatements - 1) done();
          }
        } finally {
          this.release();
        }
      } finally {
        done();
      }
    })().catch((error: unknown) => {
      this.failure ??= error as BatchError;
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    while (this.inFlight.size > this.concurrency) await Promise.race(this.inFlight);
    await this.throwIfFailed();
  }

  /**
   * Two flushes in flight never write the same node at once: both would hold its shared lock and wait
   * for the exclusive one (a deadlock, replayed again and again when one node is in every batch, such
   * as an account whose profile comes with each of its tweets). A flush waits for the node writes of
   * the earlier flushes that share a node with it; other flushes run side by side as before.
   */
  private claimNodes(ids: readonly string[]): { earlier: Promise<void>[]; done: () => void } {
    const earlier = new Set<Promise<void>>();
    for (const id of ids) {
      const claim = this.nodeClaims.get(id);
      if (claim) earlier.add(claim);
    }
    let release!: () => void;
    const claim = new Promise<void>((resolve) => (release = resolve));
    for (const id of ids) this.nodeClaims.set(id, claim);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      for (const id of ids) if (this.nodeClaims.get(id) === claim) this.nodeClaims.delete(id);
      release();
    };
    return { earlier: [...earlier], done };
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
      const reported = result.records[0];
      if (reported?.has('conflicts')) {
        this.counters.conflicts += neo4j.integer.toNumber(reported.get('conflicts') as number);
        const ids = reported.get('conflicting') as string[];
        this.counters.conflicting = [...new Set([...this.counters.conflicting, ...ids])].sort().slice(0, 5);
      }
      this.onFlushed(rows.length);
    } catch (error) {
      throw new BatchError(
        `batch ${batch} (${rows.length} rows, first id ${String(rows[0]?.id)}) failed: ${(error as Error).message}. Every batch is stored whole or not at all; to resume, run the same load again (loading is idempotent: nothing is duplicated)`,
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
  /** Each stated property's statement (the highest-ranked when rows were combined). */
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

/** What is sent for a node row: its statements as strings (their parts were for combining). */
function wireRow(row: NodeRow): Record<string, unknown> {
  const { st: _st, ...sent } = row;
  return { ...sent, sts: row.sts.map((t) => t.s).sort(compareCodePoints) };
}

function combine(a: NodeRow, b: NodeRow): NodeRow {
  const props = { ...a.props };
  const st = { ...a.st };
  for (const [name, s] of Object.entries(b.st)) {
    if (st[name] === undefined || compareCodePoints(rankPart(s), rankPart(st[name])) > 0) {
      st[name] = s;
      props[name] = b.props[name];
    }
  }
  const sts = new Map(a.sts.map((t) => [t.id, t]));
  for (const t of b.sts) {
    const kept = sts.get(t.id);
    if (!kept || compareCodePoints(t.s, kept.s) > 0) sts.set(t.id, t);
  }
  const acc = unionLists(a.acc, b.acc);
  const earlier = compareCodePoints(`${b.file}${SEP}${b.record}`, `${a.file}${SEP}${a.record}`) < 0 ? b : a;
  return { ...a, props, st, sts: [...sts.values()], acc, file: earlier.file, record: earlier.record };
}

function relationshipRow({ record, provenance }: Entry<RelationshipWrite>): RelationshipRow {
  const specs = relationshipProperties(record.type as RelationshipType);
  const { sourceIds, sourceQuotes, ...own } = record.props as {
    sourceIds?: string[];
    sourceQuotes?: string[];
  } & Record<string, unknown>;
  return {
    file: provenance.file,
    record: provenance.record,
    place: sortablePlace(provenance.file, provenance.record),
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

type RelationshipRow = {
  readonly file: string;
  readonly record: string;
  /** Sortable place: of two rows for one relationship, the properties of the later place win. */
  readonly place: string;
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly fromKey: Record<string, string>;
  readonly toKey: Record<string, string>;
  readonly props: Record<string, unknown>;
  readonly sources: string[] | null;
  readonly acc: Record<string, string[]>;
};

/**
 * Rows of one relationship in a batch become one (the union of sources and lists, the earliest
 * place, the properties of the latest): one statement's rows do not see each other's writes.
 */
export function combineRelationshipRows(rows: readonly RelationshipRow[]): RelationshipRow[] {
  const byId = new Map<string, RelationshipRow>();
  for (const row of rows) {
    const seen = byId.get(row.id);
    if (!seen) {
      byId.set(row.id, row);
      continue;
    }
    const last = compareCodePoints(row.place, seen.place) < 0 ? seen : row;
    // The earliest place as the statement compares it in Cypher (file, then record, as text).
    const first =
      compareCodePoints(`${row.file}${SEP}${row.record}`, `${seen.file}${SEP}${seen.record}`) < 0 ? row : seen;
    const sources =
      seen.sources || row.sources ? [...new Set([...(seen.sources ?? []), ...(row.sources ?? [])])] : null;
    byId.set(row.id, {
      ...last,
      file: first.file,
      record: first.record,
      props: { ...(last === row ? seen : row).props, ...last.props },
      sources,
      acc: unionLists(seen.acc, row.acc),
    });
  }
  return [...byId.values()];
}

function unionLists(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...a };
  for (const [name, values] of Object.entries(b)) out[name] = [...new Set([...(out[name] ?? []), ...values])];
  return out;
}
