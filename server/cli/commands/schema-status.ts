/** `backchannel schema status`: each numbered migration as the database records it. */
import { Command } from 'commander';
import { formatMigrationStatus, migrationStatus } from '../../scripts/migrations.js';
import { withConnection } from '../context.js';

export function schemaStatusCommand(): Command {
  return new Command('status')
    .description('Which numbered migrations are applied, partly applied or pending (exit 3 unless all are applied).')
    .action(async () => {
      const status = await withConnection((c) => migrationStatus(c.executor));
      process.stdout.write(formatMigrationStatus(status));
      if (status.some((m) => m.state !== 'applied')) process.exitCode = 3;
    });
}
