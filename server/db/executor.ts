/**
 * The only code that opens sessions. Reads run in READ transactions, writes in WRITE transactions,
 * both as managed transactions (retried by the driver on transient errors) with a timeout, and
 * Neo4j's error codes become AppErrors here, once.
 */
import neo4j, { Neo4jError } from 'neo4j-driver';
import type { Driver, ManagedTransaction, QueryResult, RecordShape, Result } from 'neo4j-driver';
import { AppError, DatabaseUnavailableError, QueryError } from '../errors.js';
import type { OutageWaiter } from './outage.js';
import { toJson } from './driver-values.js';
import type { Json } from './driver-values.js';

export interface RunOptions {
  readonly timeoutMs?: number;
  /** Shown in SHOW TRANSACTIONS / query logs, so an operator can tell who ran what. */
  readonly metadata?: Record<string, string>;
  /** Aborting closes the session, which rolls the transaction back on the server: a client that
   * went away stops costing the database anything. */
  readonly signal?: AbortSignal;
}

export interface ServerInfo {
  readonly version: string;
  readonly edition: string;
  readonly address: string;
}

const UNAVAILABLE = new Set(['ServiceUnavailable', 'SessionExpired']);

export function toAppError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  const code = error.code;
  // Neo4j 5 reports the per-transaction limit (db.memory.transaction.max) as a MemoryPool error too:
  // it is the query's size, not an outage, so it is not retried as one.
  if (
    code === 'Neo.ClientError.General.TransactionOutOfMemoryError' ||
    code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError'
  ) {
    return new QueryError(
      'query_memory',
      'The query needs more memory than one query may use here; narrow it (a label, a LIMIT, fewer hops).',
      422,
      { code },
      { cause: error },
    );
  }
  // Unreachable, restarting, shutting down, leader switching: all "try again shortly" for a caller.
  if (
    UNAVAILABLE.has(code) ||
    code.startsWith('Neo.TransientError.') ||
    code === 'Neo.ClientError.Database.DatabaseNotFound' ||
    error.retriable
  ) {
    return new DatabaseUnavailableError(`Neo4j is unavailable: ${error.message}`, error);
  }
  if (code === 'Neo.ClientError.Security.Unauthorized') {
    return new AppError('database_auth', `Neo4j refused the credentials: ${error.message}`, 503, undefined, {
      cause: error,
    });
  }
  if (code === 'Neo.ClientError.Statement.AccessMode') {
    return new QueryError(
      'read_only',
      'This query tries to write, and only reads are allowed here.',
      403,
      { code },
      {
        cause: error,
      },
    );
  }
  if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
    return new QueryError(
      'query_timeout',
      'The query took longer than its time limit and was stopped.',
      504,
      { code },
      {
        cause: error,
      },
    );
  }
  // The database user Backchannel runs as may not do this (a reader-only user on a shared cluster).
  if (code.startsWith('Neo.ClientError.Security.')) {
    return new QueryError(
      'forbidden',
      `Neo4j refused this for Backchannel's user: ${error.message}`,
      403,
      { code },
      {
        cause: error,
      },
    );
  }
  // Whatever else Neo4j classes as the client's mistake is the query's, not the server's: a syntax
  // error, an unknown procedure, a dynamic label with a NUL byte in it (Schema.TokenNameError).
  if (code.startsWith('Neo.ClientError.')) {
    return new QueryError('query_invalid', error.message, 400, { code }, { cause: error });
  }
  return error;
}

export class Executor {
  constructor(
    private readonly driver: Driver,
    readonly database: string,
    private readonly defaultTimeoutMs = 15_000,
    /** When given, a transaction that fails because Neo4j is away waits for it here and runs again
     * (loads); without it, the failure is the caller's at once (the API answers 503). */
    private readonly outage?: OutageWaiter,
  ) {}

  async read<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    options: RunOptions = {},
  ): Promise<QueryResult<T>> {
    return this.transaction('READ', (tx) => tx.run<T>(cypher, params), options);
  }

  /** A read whose rows come back as plain JSON (see driver-values.ts): what query modules and the API use. */
  async rows<T extends object = Record<string, Json>>(
    cypher: string,
    params: Record<string, unknown> = {},
    options: RunOptions = {},
  ): Promise<T[]> {
    const result = await this.read(cypher, params, options);
    return result.records.map((record) => toJson(record.toObject()) as T);
  }

  async write<T extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
    options: RunOptions = {},
  ): Promise<QueryResult<T>> {
    return this.transaction('WRITE', (tx) => tx.run<T>(cypher, params), options);
  }

  /** Several statements in one managed transaction (replayed whole on retry, so they must be idempotent). */
  async transaction<R>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<R>,
    options: RunOptions = {},
  ): Promise<R> {
    // The window counts from the first failed attempt, across the attempts after it: a Neo4j that
    // answers the probe but keeps failing this transaction does not keep it waiting for ever.
    let since: number | undefined;
    for (;;) {
      const started = Date.now();
      try {
        return await this.attempt(mode, work, options);
      } catch (error) {
        if (!this.outage || !(error instanceof DatabaseUnavailableError) || options.signal?.aborted) throw error;
        since ??= started;
        await this.outage.wait(since, error);
      }
    }
  }

  /**
   * One statement whose records the caller consumes as they arrive (the Cypher runner writes them
   * out at once): an explicit transaction, committed once `consume` returns, or with `autoCommit` an
   * auto-commit transaction, the only kind `CALL { … } IN TRANSACTIONS` may run in. Never retried,
   * unlike `transaction`: the caller has already passed records on.
   */
  async stream<R>(
    mode: 'READ' | 'WRITE',
    cypher: string,
    params: Record<string, unknown>,
    options: RunOptions & {
      readonly autoCommit?: boolean;
      /** Run in the same transaction after `consume`, so both commit or neither (a migration's progress). */
      readonly alongside?: { readonly cypher: string; readonly params: Record<string, unknown> };
    },
    consume: (result: Result) => Promise<R>,
  ): Promise<R> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = {
      timeout: options.timeoutMs ?? this.defaultTimeoutMs,
      metadata: { app: 'backchannel', ...options.metadata },
    };
    try {
      if (options.autoCommit) return await consume(session.run(cypher, params, config));
      const tx = await session.beginTransaction(config);
      try {
        const value = await consume(tx.run(cypher, params));
        if (options.alongside) await tx.run(options.alongside.cypher, options.alongside.params);
        await tx.commit();
        return value;
      } finally {
        if (tx.isOpen()) await tx.rollback().catch(() => undefined);
      }
    } catch (error) {
      throw toAppError(error);
    } finally {
      await session.close();
    }
  }

  private async attempt<R>(
    mode: 'READ' | 'WRITE',
    work: (tx: ManagedTransaction) => Promise<R>,
    options: RunOptions,
  ): Promise<R> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const config = {
      timeout: options.timeoutMs ?? this.defaultTimeoutMs,
      metadata: { app: 'backchannel', ...options.metadata },
    };
    const cancel = () => void session.close();
    options.signal?.addEventListener('abort', cancel, { once: true });
    try {
      if (options.signal?.aborted) throw new QueryError('cancelled', 'The request was cancelled.', 499);
      return mode === 'READ' ? await session.executeRead(work, config) : await session.executeWrite(work, config);
    } catch (error) {
      if (options.signal?.aborted)
        throw new QueryError('cancelled', 'The request was cancelled.', 499, undefined, { cause: error });
      throw toAppError(error);
    } finally {
      options.signal?.removeEventListener('abort', cancel);
      await session.close();
    }
  }

  /**
   * Names the last transaction committed to the database, by anyone: the bookmark a trivial read
   * transaction ends with. Equal versions mean nothing was written in between.
   */
  async dataVersion(): Promise<string> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.executeRead((tx) => tx.run('RETURN 1'), { timeout: 5_000, metadata: { app: 'backchannel' } });
      return session.lastBookmarks().join(',');
    } catch (error) {
      throw toAppError(error);
    } finally {
      await session.close();
    }
  }

  async serverInfo(): Promise<ServerInfo> {
    try {
      const result = await this.driver.executeQuery(
        'CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS version, edition',
        {},
        { database: this.database, routing: neo4j.routing.READ },
      );
      const row = result.records[0];
      return {
        version: String(row?.get('version') ?? 'unknown'),
        edition: String(row?.get('edition') ?? 'unknown'),
        address: result.summary.server.address ?? 'unknown',
      };
    } catch (error) {
      throw toAppError(error);
    }
  }
}
