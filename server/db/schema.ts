import { schemaStatements } from '../model/ddl.js';
import type { Executor } from './executor.js';

/** Applies the model's constraints and indexes; IF NOT EXISTS makes it safe to run any number of times. */
export async function applySchema(executor: Executor): Promise<number> {
  const statements = schemaStatements();
  // Schema commands cannot share a transaction with each other or with data writes.
  for (const statement of statements) await executor.write(statement, {}, { timeoutMs: 120_000 });
  await executor.write('CALL db.awaitIndexes(300)', {}, { timeoutMs: 320_000 });
  return statements.length;
}
