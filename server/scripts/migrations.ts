/**
 * The database schema: the constraints and indexes derived from the model (idempotent, applied
 * before every load), then the numbered migration scripts of cypher/schema (002-…cypher onwards)
 * that the model alone cannot express. Each migration runs once: it is recorded as a
 * SchemaMigration node with its checksum, and a script edited after it was applied is an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runScript } from './runner.js';
import { DISCARD } from './writers.js';
import { schemaStatements } from '../model/ddl.js';
import { nodeId } from '../model/keys.js';
import { PROJECT_ROOT } from '../config.js';
import type { Executor } from '../db/executor.js';
import { SetupError } from '../errors.js';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'cypher', 'schema');
/** The generated script of the model's own constraints and indexes: applied from the model, not the file. */
const GENERATED = '001-model.cypher';

export class MigrationError extends SetupError {
  constructor(message: string) {
    super('migration_changed', message);
  }
}

export interface SchemaReport {
  readonly statements: number;
  readonly applied: string[];
  readonly alreadyApplied: string[];
}

export async function applySchema(executor: Executor, migrationsDir = MIGRATIONS_DIR): Promise<SchemaReport> {
  const statements = schemaStatements();
  // Schema commands cannot share a transaction with each other or with data writes.
  for (const statement of statements) await executor.write(statement, {}, { timeoutMs: 120_000 });
  const report = await applyMigrations(executor, migrationsDir);
  await executor.write('CALL db.awaitIndexes(300)', {}, { timeoutMs: 320_000 });
  return { statements: statements.length, ...report };
}

async function applyMigrations(executor: Executor, dir: string) {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^\d{3}-.+\.cypher$/.test(f) && f !== GENERATED)
        .sort()
    : [];
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const file of files) {
    const script = readFileSync(path.join(dir, file), 'utf8');
    const checksum = createHash('sha256').update(script).digest('hex').slice(0, 16);
    const id = nodeId('SchemaMigration', { ref: file });
    const [recorded] = await executor.rows<{ checksum: string }>(
      'MATCH (m:SchemaMigration {id: $id}) RETURN m.checksum AS checksum',
      { id },
    );
    if (recorded) {
      if (recorded.checksum !== checksum) {
        throw new MigrationError(
          `${file} was changed after it was applied (checksum ${recorded.checksum} → ${checksum}); add a new numbered script instead`,
        );
      }
      alreadyApplied.push(file);
      continue;
    }
    await runScript({
      executor,
      script,
      file,
      params: {},
      write: true,
      timeoutMs: 600_000,
      writer: () => DISCARD,
      say: () => undefined,
    });
    await executor.write(
      'MERGE (m:SchemaMigration {id: $id}) SET m.ref = $file, m.checksum = $checksum, m.appliedAt = datetime()',
      { id, file, checksum },
    );
    applied.push(file);
  }
  return { applied, alreadyApplied };
}
