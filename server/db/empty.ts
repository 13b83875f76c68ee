import type { Connection } from './connect.js';

/**
 * Deletes every node and relationship (constraints and indexes stay), in batches: for tests and
 * benchmarks that need a clean database. CALL … IN TRANSACTIONS needs an auto-commit transaction,
 * so this is the one place that uses session.run.
 */
export async function emptyDatabase(connection: Connection): Promise<void> {
  const session = connection.driver.session({ database: connection.target.database });
  try {
    // Relationships first, in batches of their own: DETACH DELETE of a batch holding a hub takes
    // every relationship of the hub into one transaction, which outgrew its memory limit at M size.
    await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS');
    await session.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
