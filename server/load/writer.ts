/**
 * The one writer every parser feeds: buffers write records, and flushes them in batches of
 * `UNWIND $rows … MERGE` (nodes before relationships), each batch in its own managed write
 * transaction so the driver retries transient errors (deadlocks, leader switches, restarts).
 * MERGE on stable ids makes a replayed batch, or a re-run load, change nothing.
 *
 * Flushes run `concurrency` at a time while the parser fills the next buffer: one write
 * transaction keeps one of Neo4j's cores busy, so two use a two-core server fully. Concurrent
 * flushes may MERGE the same node; the uniqueness constraints (applied before any data) make one
 * of them wait and then match, and deadlocks between them are retried.
 */
import type { Executor } from '../db/executor.js';
import { NODES, relationshipProperties } from '../model/schema.js';
import type { NodeLabel, RelationshipType } from '../model/schema.js';
import type { NodeWrite, RelationshipWrite, WriteRecord } from '../model/records.js';
import { nodeMergeStatement, relationshipMergeStatement } from './statements.js';
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

  /** Hands the buffer to a flush of its own, after waiting for a free slot. */
  private async startFlush(): Promise<void> {
    await this.throwIfFailed();
    const statements = [
      ...[...this.nodes].map(([label, rows]) => ({
        statement: nodeMergeStatement(label),
        rows: rows.map((r) => nodeRow(r)),
      })),
      ...[...this.relationships.values()].map((rows) => {
        const first = rows[0]!.record;
        return {
          statement: relationshipMergeStatement(first.type, first.from.label, first.to.label),
          rows: rows.map((r) => relationshipRow(r)),
        };
      }),
    ];
    this.nodes = new Map();
    this.relationships = new Map();
    this.buffered = 0;
    const task = (async () => {
      for (const { statement, rows } of statements) await this.run(statement, rows);
    })().catch((error: unknown) => {
      this.failure ??= error as BatchError;
    });
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    await this.throwIfFailed();
  }

  /** After a failure, lets the other flushes finish (or fail) before saying so: none is left running. */
  private async throwIfFailed(): Promise<void> {
    if (!this.failure) return;
    await Promise.all(this.inFlight);
    throw this.failure;
  }

  private async run(statement: string, rows: Record<string, unknown>[]): Promise<void> {
    const batch = ++this.batches;
    // Sorted ids take locks in one order across concurrent loaders, which avoids most deadlocks.
    rows.sort((a, b) => String(a.id).localeCompare(String(b.id)));
    try {
      const result = await this.executor.write(
        statement,
        { rows },
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where a record came from, as the writer stores it on what it creates. */
export interface Provenance {
  readonly file: string;
  readonly record: string;
  readonly loader: string;
  readonly run: string;
}

interface Entry<T extends WriteRecord> {
  readonly record: T;
  readonly provenance: Provenance;
}

function nodeRow({ record, provenance }: Entry<NodeWrite>): Record<string, unknown> {
  const specs = NODES[record.label].properties;
  return {
    id: record.id,
    props: { ...toNeo4jProps(specs, record.props), id: record.id },
    acc: record.accumulate,
    prov: provenance,
  };
}

function relationshipRow({ record, provenance }: Entry<RelationshipWrite>): Record<string, unknown> {
  const specs = relationshipProperties(record.type as RelationshipType);
  return {
    prov: provenance,
    id: record.id,
    from: record.from.id,
    to: record.to.id,
    fromKey: { ...record.from.key, id: record.from.id },
    toKey: { ...record.to.key, id: record.to.id },
    props: { ...toNeo4jProps(specs, record.props), id: record.id },
    acc: record.accumulate,
  };
}
