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
 * Integers come back as JS numbers: counts and sizes here stay far below 2^53.
 */
export function createDriver(target: Neo4jTarget): Driver {
  return neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), {
    disableLosslessIntegers: true,
    // Interactive requests carry their own, shorter deadline; this bounds the loader's retries.
    maxTransactionRetryTime: 30_000,
    connectionAcquisitionTimeout: 20_000,
    userAgent: 'backchannel/0.1',
  });
}
