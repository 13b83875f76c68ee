import type { Connection } from './connect.js';

/**
 * Deletes every node and relationship (constraints and indexes stay), in batches: for tests and
 * benchmarks that need a clean database. CALL … IN TRANSACTIONS needs an auto-commit transaction,
 * so this is the one place that uses session.run.
 */
export async function emptyDatabase(connection: Connection): Promise<void> {
  const session = connection.driver.session({ database: connection.target.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
