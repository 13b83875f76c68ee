/** `backchannel load <files…>`: validated, batched, idempotent; rejected records reported and kept. */
import path from 'node:path';
import { Command, Option } from 'commander';
import { PROJECT_ROOT } from '../../config.js';
import type { Connection } from '../../db/connect.js';
import { FORMAT_NAMES } from '../../ingest/formats.js';
import type { FormatName } from '../../ingest/formats.js';
import { checkLayouts } from '../../ingest/layout.js';
import { loadMapping } from '../../ingest/mapping/index.js';
import { describeLocation } from '../../ingest/types.js';
import { createProgress } from '../../load/progress.js';
import { runLoad } from '../../load/run.js';
import type { LoadSummary } from '../../load/run.js';
import { nodeCounts } from '../../load/tally.js';
import { say, waitingForNeo4j, withConnection } from '../context.js';
import { positiveInt, seconds, WAIT_HELP } from '../options.js';

interface LoadFlags {
  mapping?: string;
  dryRun?: boolean;
  batchSize?: number;
  concurrency?: number;
  format?: FormatName;
  reportDir?: string;
  quiet?: boolean;
  waitForNeo4j?: number;
}

export function loadCommand(): Command {
  return new Command('load')
    .description('Load files into Neo4j: validated, batched, idempotent. Rejected records are reported and kept.')
    .argument('<files...>', 'files to load')
    .addOption(new Option('--format <format>', 'input format (default: told from the file)').choices(FORMAT_NAMES))
    .option('--mapping <file>', 'a mapping file (YAML/JSON) for CSV, JSON or GraphML of any shape; see docs/mapping.md')
    .option('--dry-run', 'validate only; write nothing')
    .option('--batch-size <n>', 'records per write transaction', positiveInt, 2_000)
    .option('--concurrency <n>', 'write transactions at once (about one per Neo4j core)', positiveInt, 2)
    .option('--report-dir <dir>', 'where to write summary.json and rejects.ndjson (default: load-reports/<time>)')
    .option('--wait-for-neo4j <seconds>', WAIT_HELP, seconds)
    .action(async (files: string[], flags: LoadFlags) => {
      const summary = await loadFiles(files, flags);
      printSummary(summary);
      if (summary.rejected > 0) process.exitCode = 2;
    });
}

/** Loads files on the given connection, or on one of its own that waits through outages. */
export async function loadFiles(files: string[], flags: LoadFlags, connection?: Connection): Promise<LoadSummary> {
  const reportDir =
    flags.reportDir ?? path.join(PROJECT_ROOT, 'load-reports', new Date().toISOString().replace(/[:.]/g, '-'));
  const mapping = flags.mapping ? await loadMapping(flags.mapping) : undefined;
  checkLayouts(files, flags.format, mapping);
  const options = {
    files,
    reportDir,
    ...(mapping ? { mapping } : {}),
    ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    ...(flags.format ? { format: flags.format } : {}),
    ...(flags.quiet ? {} : { progress: createProgress() }),
    onReject: (r: { where: Parameters<typeof describeLocation>[0]; error: string }) =>
      say(`rejected ${describeLocation(r.where)}: ${r.error}`),
  };
  if (flags.dryRun) return runLoad(options);
  if (connection) return runLoad({ ...options, executor: connection.executor });
  return withConnection((c) => runLoad({ ...options, executor: c.executor }), waitingForNeo4j(flags.waitForNeo4j));
}

export function printSummary(summary: LoadSummary): void {
  const lines = [
    `${summary.dryRun ? 'Dry run (nothing written)' : 'Loaded'}: ${summary.loaded} of ${summary.read} records from ${summary.filesRead} file(s) in ${summary.seconds.toFixed(1)} s (${summary.recordsPerSecond} records/s)`,
    `  nodes:         ${nodeCounts(summary.nodes, summary.nodeRecords)}`,
    `  relationships: ${formatCounts(summary.relationships)}`,
  ];
  if (!summary.dryRun) {
    lines.push(
      `  created in Neo4j: ${summary.created.nodesCreated} nodes, ${summary.created.relationshipsCreated} relationships`,
    );
    if (summary.created.conflicts > 0)
      lines.push(
        `  conflicts: ${summary.created.conflicts} value(s) differ from another source's for the same property (both kept; the higher-ranked is shown), e.g. ${summary.created.conflicting.join(', ')}`,
      );
  }
  if (summary.rows) {
    const { read, loaded, rejected, nothing } = summary.rows;
    lines.push(
      `  input rows: ${read} read = ${loaded} loaded + ${rejected} rejected + ${nothing} that the mapping makes nothing of`,
    );
  }
  if (summary.rejected > 0) lines.push(`  REJECTED: ${summary.rejected} record(s), kept in ${summary.rejectsFile}`);
  if (summary.warnings > 0) {
    lines.push(
      `  warnings: ${summary.warnings} (loaded with what was valid), in ${path.join(summary.reportDir, 'warnings.ndjson')}`,
    );
  }
  lines.push(`  report: ${path.join(summary.reportDir, 'summary.json')}`);
  say(lines.join('\n'));
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
}
