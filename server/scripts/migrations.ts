/**
 * The database schema: the constraints and indexes derived from the model (idempotent, applied
 * before every load), then the numbered migration scripts of cypher/schema (002-…cypher onwards)
 * that the model alone cannot express. Each statement of a migration runs once: progress is recorded
 * as a SchemaMigration node (checksum, statements done), so a failed migration resumes where it
 * stopped, and a script edited after it was first run is an error.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { runScript } from './runner.js';
import { splitStatements } from './split.js';
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

/** A migration as the database records it, beside its file. */
export interface MigrationStatus {
  readonly file: string;
  /** applied: every statement committed; partial: some; pending: none; changed: edited after it was first run; missing: recorded, but no such file. */
  readonly state: 'applied' | 'partial' | 'pending' | 'changed' | 'missing';
  readonly statements?: number;
  readonly done?: number;
  readonly appliedAt?: string;
}

interface Recorded {
  readonly ref: string;
  readonly checksum: string;
  readonly done: number | null;
  readonly doneChecksum: string | null;
  readonly statements: number | null;
  readonly appliedAt: string | null;
}

function migrationFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^\d{3}-.+\.cypher$/.test(f) && f !== GENERATED)
        .sort()
    : [];
}

function checksumOf(script: string): string {
  return createHash('sha256').update(script).digest('hex').slice(0, 16);
}

/** Of the statements committed so far: what must not change while the rest of a migration may. */
function doneChecksumOf(script: string, done: number): string {
  return checksumOf(
    splitStatements(script)
      .slice(0, done)
      .map((s) => s.text)
      .join('\n;\n'),
  );
}

/**
 * An applied migration must stay as it was; a partly applied one only in the statements it
 * committed, so the one that failed can be fixed and the migration resumed.
 */
function isEdited(recorded: Recorded, script: string): boolean {
  if (isComplete(recorded) || recorded.doneChecksum === null) return recorded.checksum !== checksumOf(script);
  return recorded.doneChecksum !== doneChecksumOf(script, recorded.done ?? 0);
}

async function recordedMigrations(executor: Executor): Promise<Map<string, Recorded>> {
  const rows = await executor.rows<Recorded>(
    'MATCH (m:SchemaMigration) RETURN m.ref AS ref, m.checksum AS checksum, m.done AS done, m.doneChecksum AS doneChecksum, m.statements AS statements, toString(m.appliedAt) AS appliedAt',
  );
  return new Map(rows.map((row) => [row.ref, row]));
}

/** Migrations recorded before progress was counted have appliedAt only: they were applied whole. */
function isComplete(recorded: Recorded): boolean {
  return recorded.appliedAt !== null && (recorded.done === null || recorded.done === recorded.statements);
}

/** Each migration file and what the database says of it, then what it records of files that are gone. */
export async function migrationStatus(executor: Executor, dir = MIGRATIONS_DIR): Promise<MigrationStatus[]> {
  const recorded = await recordedMigrations(executor);
  const files = migrationFiles(dir);
  const status: MigrationStatus[] = files.map((file) => {
    const script = readFileSync(path.join(dir, file), 'utf8');
    const statements = splitStatements(script).length;
    const entry = recorded.get(file);
    if (!entry) return { file, state: 'pending', statements, done: 0 };
    const base = {
      file,
      statements,
      done: entry.done ?? (isComplete(entry) ? statements : 0),
      ...(entry.appliedAt ? { appliedAt: entry.appliedAt } : {}),
    };
    if (isEdited(entry, script)) return { ...base, state: 'changed' };
    return { ...base, state: isComplete(entry) ? 'applied' : 'partial' };
  });
  for (const [file, entry] of recorded) {
    if (!files.includes(file))
      status.push({ file, state: 'missing', ...(entry.appliedAt ? { appliedAt: entry.appliedAt } : {}) });
  }
  return status;
}

const RECORD_PROGRESS = `MERGE (m:SchemaMigration {id: $id})
SET m.ref = $file, m.checksum = $checksum, m.statements = $statements, m.done = $done, m.doneChecksum = $doneChecksum,
    m.appliedAt = CASE WHEN $done = $statements THEN datetime() ELSE null END`;

/**
 * Runs each migration not yet applied, from the statement after the last one committed: progress is
 * recorded with each statement (in its transaction where Neo4j allows), so a migration whose
 * statement 2 failed does not run statement 1 again when retried.
 */
async function applyMigrations(executor: Executor, dir: string) {
  const recorded = await recordedMigrations(executor);
  const applied: string[] = [];
  const alreadyApplied: string[] = [];
  for (const file of migrationFiles(dir)) {
    const script = readFileSync(path.join(dir, file), 'utf8');
    const checksum = checksumOf(script);
    const entry = recorded.get(file);
    if (entry && isEdited(entry, script)) {
      throw new MigrationError(
        isComplete(entry)
          ? `${file} was changed after it was applied (checksum ${entry.checksum} → ${checksum}); add a new numbered script instead`
          : `${file}: its first ${entry.done ?? 0} statement(s), already committed, were changed; restore them (the statements after them may be edited)`,
      );
    }
    if (entry && isComplete(entry)) {
      alreadyApplied.push(file);
      continue;
    }
    const id = nodeId('SchemaMigration', { ref: file });
    const statements = splitStatements(script).length;
    await runScript({
      executor,
      script,
      file,
      params: {},
      write: true,
      timeoutMs: 600_000,
      writer: () => DISCARD,
      say: () => undefined,
      from: entry?.done ?? 0,
      record: (done) => ({
        cypher: RECORD_PROGRESS,
        params: {
          id,
          file,
          checksum,
          statements: neo4j.int(statements),
          done: neo4j.int(done),
          doneChecksum: doneChecksumOf(script, done),
        },
      }),
    });
    applied.push(file);
  }
  return { applied, alreadyApplied };
}

/** One line per migration, for `backchannel schema status`. */
export function formatMigrationStatus(status: readonly MigrationStatus[]): string {
  if (status.length === 0) return 'No numbered migrations (cypher/schema/NNN-name.cypher).\n';
  const width = Math.max(...status.map((m) => m.file.length));
  const lines = status.map((m) => {
    const progress = m.statements === undefined ? '' : `${m.done ?? 0}/${m.statements} statements`;
    const note = {
      applied: m.appliedAt ? `applied ${m.appliedAt}` : '',
      partial: 'run `backchannel schema apply` to resume after the last committed statement',
      pending: 'run `backchannel schema apply`',
      changed: 'edited after it was first run: restore it and add a new numbered script',
      missing: 'recorded in the database, but the file is gone',
    }[m.state];
    return [m.file.padEnd(width), m.state.padEnd(7), progress.padEnd(16), note].join('  ').trimEnd();
  });
  return `${lines.join('\n')}\n`;
}
