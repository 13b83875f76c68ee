/** `backchannel generate`: writes the files derived from the model (checked for drift by the tests). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../../config.js';
import { generatedFiles } from '../../model/generate.js';
import { say } from '../context.js';

export function generateCommand(): Command {
  return new Command('generate')
    .description('Write the files derived from the model (cypher/schema, the dataset JSON Schema).')
    .action(() => {
      for (const [file, content] of generatedFiles()) {
        writeFileSync(path.join(PROJECT_ROOT, file), content);
        say(`wrote ${file}`);
      }
    });
}
