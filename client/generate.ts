/**
 * Writes client/README.md's shortcuts from the command table (run by `npm run generate`), formatted
 * as `npm run lint` expects. client/test/commands.test.ts fails when the README drifts from the table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { withShortcuts } from './src/commands-doc.js';

export const README = fileURLToPath(new URL('README.md', import.meta.url));

/** The README as generated from the current one. */
export async function generatedReadme(): Promise<string> {
  const options = (await resolveConfig(README)) ?? {};
  return format(withShortcuts(readFileSync(README, 'utf8')), { ...options, filepath: README });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, await generatedReadme());
  process.stdout.write('wrote client/README.md\n');
}
