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

export { emptyDatabase } from '../../server/db/empty.js';

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
