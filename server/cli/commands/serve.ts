/** `backchannel serve`: the API server (and the built client) on the configured Neo4j. */
import { Command } from 'commander';
import { pino } from 'pino';
import { startServer } from '../../api/serve.js';
import { connect, INTERACTIVE } from '../../db/connect.js';
import { config, say } from '../context.js';
import { serverOptions, withServerFlags } from '../options.js';
import type { ServerFlags } from '../options.js';

export function serveCommand(): Command {
  return serverOptions(new Command('serve'))
    .description('Start the API server (and the client, once built).')
    .action(async (flags: ServerFlags) => {
      const cfg = withServerFlags(config(), flags);
      const connection = await connect(cfg, say, INTERACTIVE);
      await startServer(cfg, connection, pino({ level: cfg.logLevel }));
    });
}
