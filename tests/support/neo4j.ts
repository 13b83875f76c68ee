/**
 * What an integration test file needs: a connection to the run's Neo4j (chosen once by the global
 * setup) and a way to start from an empty database.
 */
import { inject } from 'vitest';
import { openConnection } from '../../server/db/connect.js';
import type { Connection } from '../../server/db/connect.js';

export function testConnection(): Connection {
  const target = inject('neo4j');
  return openConnection(target, target.how);
}

/** Deletes every node and relationship (constraints and indexes stay), in batches. */
export async function emptyDatabase(connection: Connection): Promise<void> {
  const session = connection.driver.session({ database: connection.target.database });
  try {
    // CALL … IN TRANSACTIONS needs an auto-commit transaction, so this is the one place using run().
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

export function testEnv(): NodeJS.ProcessEnv {
  const target = inject('neo4j');
  return {
    ...process.env,
    NEO4J_URI: target.uri,
    NEO4J_USER: target.user,
    NEO4J_PASSWORD: target.password,
    NEO4J_DATABASE: target.database,
  };
}
