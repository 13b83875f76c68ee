/**
 * The `backchannel` command: one file per subcommand under cli/commands, assembled here, and every
 * error rendered in one place (render-error.ts).
 */
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../config.js';
import { VERSION } from '../version.js';
import { cypherCommand } from './commands/cypher.js';
import { generateCommand } from './commands/generate.js';
import { loadCommand } from './commands/load.js';
import { neo4jCommand } from './commands/neo4j.js';
import { queryCommand } from './commands/query.js';
import { resolveCommand } from './commands/resolve.js';
import { schemaCommand } from './commands/schema-apply.js';
import { serveCommand } from './commands/serve.js';
import { upCommand } from './commands/up.js';
import { config, say, withConnection } from './context.js';
import { oneLineUsageErrors, userMessage } from './render-error.js';

export function buildProgram(): Command {
  const program = new Command('backchannel')
    .description('Backchannel: explore correspondence as a graph in Neo4j.')
    .version(VERSION, '-V, --version', 'print the version');
  for (const command of [
    neo4jCommand(),
    schemaCommand(),
    loadCommand(),
    cypherCommand({ config, withConnection: (work) => withConnection(work), say }),
    queryCommand({
      config,
      withConnection: (work) => withConnection(work),
      say,
      libraryDir: path.join(PROJECT_ROOT, 'cypher', 'library'),
    }),
    resolveCommand((work) => withConnection(work), say),
    serveCommand(),
    upCommand(),
    generateCommand(),
  ])
    program.addCommand(command);
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
