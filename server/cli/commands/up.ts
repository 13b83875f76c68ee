/** `backchannel up`: everything a fresh machine needs, the embedded Neo4j, the schema, the founding case and the server. */
import { Command } from 'commander';
import { pino } from 'pino';
import { startServer } from '../../api/serve.js';
import { FOUNDING_CASE } from '../../config.js';
import { connect, INTERACTIVE } from '../../db/connect.js';
import { EmbeddedNeo4j } from '../../db/embedded/neo4j.js';
import { config, say, waitingForNeo4j, withConnection } from '../context.js';
import { seconds, serverOptions, WAIT_HELP, withServerFlags } from '../options.js';
import type { ServerFlags } from '../options.js';
import { loadFiles, printSummary } from './load.js';

export function upCommand(): Command {
  return serverOptions(new Command('up'))
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
}
