import neo4j from 'neo4j-driver';
import type { Driver } from 'neo4j-driver';

export interface Neo4jTarget {
  readonly uri: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/**
 * One driver per process. neo4j:// URIs route (clusters, Aura); bolt:// talks to one server.
 * Integers come back as BigInt, never silently rounded; db/driver-values.ts turns them into JSON.
 */
export interface DriverOptions {
  /**
   * How long managed transactions keep retrying transient errors. The loader wants the driver's 30 s
   * (a restart or leader election passes); an interactive request must give up well before its own
   * deadline instead.
   */
  readonly maxRetryMs?: number;
}

export function createDriver(target: Neo4jTarget, options: DriverOptions = {}): Driver {
  return neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
    useBigInt: true,
    maxTransactionRetryTime: options.maxRetryMs ?? 30_000,
    connectionAcquisitionTimeout: options.maxRetryMs === undefined ? 20_000 : Math.max(options.maxRetryMs, 2_000),
    connectionTimeout: 5_000,
    userAgent: 'backchannel/0.1',
  });
}
