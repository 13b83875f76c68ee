/** `backchannel schema apply`: the model's constraints and indexes, then the migration scripts. */
import { Command } from 'commander';
import { applySchema } from '../../scripts/migrations.js';
import { say, withConnection } from '../context.js';
import { schemaStatusCommand } from './schema-status.js';

export function schemaCommand(): Command {
  return new Command('schema')
    .description('Constraints and indexes derived from the model.')
    .addCommand(
      new Command('apply').description('Create them in Neo4j (idempotent).').action(async () => {
        const report = await withConnection((c) => applySchema(c.executor));
        say(
          `Schema applied: ${report.statements} constraints and indexes from the model (existing ones left as they are); ` +
            `migrations applied: ${report.applied.join(', ') || 'none'}; already applied: ${report.alreadyApplied.length}.`,
        );
      }),
    )
    .addCommand(schemaStatusCommand());
}
