/** `backchannel neo4j start|stop|status`: the embedded Neo4j (used when NEO4J_URI is not set). */
import { Command } from 'commander';
import { EmbeddedNeo4j } from '../../db/embedded/neo4j.js';
import { config, say } from '../context.js';

export function neo4jCommand(): Command {
  const neo4j = new Command('neo4j').description('The embedded Neo4j (used when NEO4J_URI is not set).');
  const embedded = () => new EmbeddedNeo4j(config().embedded, say);
  neo4j
    .command('start')
    .description('Fetch Neo4j Community with Maven if needed, configure and start it, and wait for Bolt.')
    .action(async () => {
      const credentials = await embedded().start();
      say(
        `Neo4j is running at ${credentials.uri} (user ${credentials.user}; password in ${config().embedded.home}/credentials.json)`,
      );
    });
  neo4j
    .command('stop')
    .description('Stop the embedded Neo4j cleanly.')
    .action(async () => {
      if (!(await embedded().stop())) say('Neo4j was not running.');
    });
  neo4j
    .command('status')
    .description('Is the embedded Neo4j installed and running?')
    .action(() => {
      const status = embedded().status();
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      if (!status.running) process.exitCode = 3;
    });
  return neo4j;
}
