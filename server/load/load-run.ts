/**
 * The LoadRun node that records a load: started before the first batch, then finished with its counts
 * and summary, or marked failed. Its Cypher lives here, out of runLoad's line.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';

export interface LoadRunStart {
  readonly id: string;
  readonly ref: string;
  /** ISO time the run started. */
  readonly started: string;
  /** The files, relative to the load's root. */
  readonly files: string[];
  readonly formats: string[];
  readonly version: string;
}

export interface LoadRunCounts {
  readonly read: number;
  readonly loaded: number;
  readonly rejected: number;
  readonly warnings: number;
}

export async function startLoadRun(executor: Executor, run: LoadRunStart): Promise<void> {
  await executor.write(
    `MERGE (r:LoadRun {id: $id})
     SET r.ref = $ref, r.status = 'running', r.startedAt = datetime($started), r.files = $files,
         r.formats = $formats, r.loaderVersion = $version`,
    { ...run },
  );
}

export async function failLoadRun(executor: Executor, id: string): Promise<void> {
  await executor.write("MATCH (r:LoadRun {id: $id}) SET r.status = 'failed', r.finishedAt = datetime()", { id });
}

export async function finishLoadRun(executor: Executor, id: string, summary: LoadRunCounts): Promise<void> {
  await executor.write(
    `MATCH (r:LoadRun {id: $id})
     SET r.status = 'finished', r.finishedAt = datetime(), r.read = $read, r.loaded = $loaded,
         r.rejected = $rejected, r.warnings = $warnings, r.summary = $summary`,
    {
      id,
      read: neo4j.int(summary.read),
      loaded: neo4j.int(summary.loaded),
      rejected: neo4j.int(summary.rejected),
      warnings: neo4j.int(summary.warnings),
      summary: JSON.stringify(summary),
    },
  );
}
