/**
 * What every command shares: where it writes its lines (stderr), the configuration it reads, and a
 * connection to Neo4j that is checked, or waits through outages, and is always closed.
 */
import { loadConfig, loadDotEnv } from '../config.js';
import type { Config } from '../config.js';
import { connect } from '../db/connect.js';
import type { Connection, ConnectionOptions } from '../db/connect.js';
import { outageReporter } from '../db/outage.js';
import { checkReachable } from './render-error.js';

export const say = (line: string) => process.stderr.write(`${line}\n`);

export function config(): Config {
  loadDotEnv();
  return loadConfig();
}

export async function withConnection<T>(
  work: (connection: Connection) => Promise<T>,
  options: ConnectionOptions = {},
): Promise<T> {
  const connection = await connect(config(), say, options);
  // A command that waits through outages (load, up) waits from the start too, saying so on stderr
  // with the address; the others fail within seconds, naming it.
  if (!options.outage) await checkReachable(connection);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

/** Loads wait through a Neo4j outage (db/outage.ts) for the flag's seconds, else NEO4J_WAIT_SECONDS. */
export function waitingForNeo4j(seconds = config().waitForNeo4jSeconds): ConnectionOptions {
  return seconds > 0 ? { outage: { windowMs: seconds * 1000, report: outageReporter() } } : {};
}
