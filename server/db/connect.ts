/**
 * One configuration, three ways to a real Neo4j: a server named by NEO4J_URI, a container (tests
 * pass its URI the same way), or the embedded default, started on demand.
 */
import type { Driver } from 'neo4j-driver';
import type { Config } from '../config.js';
import { createDriver } from './driver.js';
import type { DriverOptions, Neo4jTarget } from './driver.js';
import { EmbeddedNeo4j } from './embedded/neo4j.js';
import { Executor } from './executor.js';
import { neo4jAnswers, OutageWaiter } from './outage.js';
import type { OutagePolicy } from './outage.js';

export interface Connection {
  readonly driver: Driver;
  readonly executor: Executor;
  readonly target: Neo4jTarget;
  /** How it was reached, for logs and /api/health. */
  readonly mode: string;
  close(): Promise<void>;
}

export async function resolveTarget(
  config: Config,
  log?: (line: string) => void,
): Promise<{ target: Neo4jTarget; mode: string }> {
  if (config.neo4j.kind === 'external') return { target: config.neo4j, mode: `external (${config.neo4j.uri})` };
  const embedded = new EmbeddedNeo4j(config.neo4j, log);
  return { target: await embedded.start(), mode: `embedded (${embedded.uri})` };
}

export interface ConnectionOptions extends DriverOptions {
  readonly queryTimeoutMs?: number;
  /** Transactions wait through an outage for this long (loads, `up`); see outage.ts. */
  readonly outage?: OutagePolicy;
}

/** For the API server: short retries, so a request answers 503 rather than hanging while Neo4j is away. */
export const INTERACTIVE: ConnectionOptions = { maxRetryMs: 3_000 };

export async function connect(
  config: Config,
  log?: (line: string) => void,
  options: ConnectionOptions = {},
): Promise<Connection> {
  const { target, mode } = await resolveTarget(config, log);
  return openConnection(target, mode, { queryTimeoutMs: config.server.queryTimeoutMs, ...options });
}

export function openConnection(target: Neo4jTarget, mode: string, options: ConnectionOptions = {}): Connection {
  // A connection that waits through outages keeps the driver's own retries short, so the wait (and
  // its message) starts a few seconds into an outage instead of after the driver's silent 30 s.
  const maxRetryMs = options.maxRetryMs ?? (options.outage ? 5_000 : undefined);
  const driver = createDriver(target, maxRetryMs === undefined ? {} : { maxRetryMs });
  const outage = options.outage && new OutageWaiter(() => neo4jAnswers(driver, target.database), options.outage);
  return {
    driver,
    executor: new Executor(driver, target.database, options.queryTimeoutMs, outage),
    target,
    mode,
    close: () => driver.close(),
  };
}
