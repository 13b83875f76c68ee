/**
 * The `backchannel` command: neo4j, schema, load, serve, up, generate.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { loadConfig, loadDotEnv, PROJECT_ROOT } from './db/config.js';
import type { Config } from './db/config.js';
import { connect, INTERACTIVE } from './db/connect.js';
import type { Connection, ConnectionOptions } from './db/connect.js';
import { outageReporter } from './db/outage.js';
import { EmbeddedNeo4j } from './db/embedded/neo4j.js';
import { applySchema } from './db/schema.js';
import { FORMAT_NAMES } from './ingest/formats.js';
import { loadMapping } from './ingest/mapping/index.js';
import type { FormatName } from './ingest/formats.js';
import { describeLocation } from './ingest/types.js';
import { createProgress } from './load/progress.js';
import { runLoad } from './load/run.js';
import { nodeCounts } from './load/tally.js';
import type { LoadSummary } from './load/run.js';
import { generatedFiles } from './model/generate.js';
import { startServer } from './api/serve.js';
import { resolveCommand } from './resolve/commands.js';
import { cypherCommand } from './cypher/command.js';
import { checkReachable, oneLineUsageErrors, userMessage } from './cli-errors.js';
import { hostName, portNumber, withServerFlags } from './cli-options.js';
import type { ServerFlags } from './cli-options.js';
import { checkLayouts } from './ingest/layout.js';
import { VERSION } from './version.js';

export const FOUNDING_CASE = path.join(PROJECT_ROOT, 'cypher', 'fixtures', 'founding-case.ndjson');

const say = (line: string) => process.stderr.write(`${line}\n`);

const WAIT_HELP =
  'how long to wait for Neo4j to come back if it goes away, then resume (default: NEO4J_WAIT_SECONDS, 180)';

function config(): Config {
  loadDotEnv();
  return loadConfig();
}

async function withConnection<T>(
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
function waitingForNeo4j(seconds = config().waitForNeo4jSeconds): ConnectionOptions {
  return seconds > 0 ? { outage: { windowMs: seconds * 1000, report: outageReporter() } } : {};
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('must be a whole number of seconds (0: do not wait)');
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function printSummary(summary: LoadSummary): void {
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

export function buildProgram(): Command {
  const program = new Command('backchannel')
    .description('Backchannel: explore correspondence as a graph in Neo4j.')
    .version(VERSION, '-V, --version', 'print the version');

  const neo4jCommand = program.command('neo4j').description('The embedded Neo4j (used when NEO4J_URI is not set).');
  const embedded = () => new EmbeddedNeo4j(config().embedded, say);
  neo4jCommand
    .command('start')
    .description('Fetch Neo4j Community with Maven if needed, configure and start it, and wait for Bolt.')
    .action(async () => {
      const credentials = await embedded().start();
      say(
        `Neo4j is running at ${credentials.uri} (user ${credentials.user}; password in ${config().embedded.home}/credentials.json)`,
      );
    });
  neo4jCommand
    .command('stop')
    .description('Stop the embedded Neo4j cleanly.')
    .action(async () => {
      if (!(await embedded().stop())) say('Neo4j was not running.');
    });
  neo4jCommand
    .command('status')
    .description('Is the embedded Neo4j installed and running?')
    .action(() => {
      const status = embedded().status();
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      if (!status.running) process.exitCode = 3;
    });

  program
    .command('schema')
    .description('Constraints and indexes derived from the model.')
    .addCommand(
      new Command('apply').description('Create them in Neo4j (idempotent).').action(async () => {
        const report = await withConnection((c) => applySchema(c.executor));
        say(
          `Schema applied: ${report.statements} constraints and indexes from the model (existing ones left as they are); ` +
            `migrations applied: ${report.applied.join(', ') || 'none'}; already applied: ${report.alreadyApplied.length}.`,
        );
      }),
    );

  program
    .command('load')
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

  program.addCommand(cypherCommand({ config, withConnection: (work) => withConnection(work), say }));

  program.addCommand(resolveCommand((work) => withConnection(work), say));

  const serverOptions = (command: Command) =>
    command
      .option('--port <port>', 'the port to listen on (default: PORT, else 8080)', portNumber)
      .option('--host <host>', 'the address to listen on (default: HOST, else 127.0.0.1)', hostName);

  serverOptions(program.command('serve'))
    .description('Start the API server (and the client, once built).')
    .action(async (flags: ServerFlags) => {
      const cfg = withServerFlags(config(), flags);
      const connection = await connect(cfg, say, INTERACTIVE);
      await startServer(cfg, connection, pino({ level: cfg.logLevel }));
    });

  serverOptions(program.command('up'))
    .description('Everything a fresh machine needs: Neo4j, schema, the founding case, the server.')
    .option('--wait-for-neo4j <seconds>', WAIT_HELP, seconds)
    .action(async (flags: { waitForNeo4j?: number } & ServerFlags) => {
      const cfg = withServerFlags(config(), flags);
      await withConnection(
        (c) => loadFiles([FOUNDING_CASE], { quiet: true }, c).then(printSummary),
        waitingForNeo4j(flags.waitForNeo4j),
      );
      const connection = await connect(cfg, say, INTERACTIVE);
      await startServer(cfg, connection, pino({ level: cfg.logLevel }), async () => {
        if (cfg.neo4j.kind === 'embedded') await new EmbeddedNeo4j(cfg.neo4j, say).stop();
      });
    });

  program
    .command('generate')
    .description('Write the files derived from the model (cypher/schema, the dataset JSON Schema).')
    .action(() => {
      for (const [file, content] of generatedFiles()) {
        writeFileSync(path.join(PROJECT_ROOT, file), content);
        say(`wrote ${file}`);
      }
    });

  return oneLineUsageErrors(program);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    const message = userMessage(error);
    say(`backchannel: ${message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
    process.exitCode = 1;
  }
}
