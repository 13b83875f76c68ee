/**
 * Every benchmark, one after another (never at once: they would measure each other), passing the
 * arguments on: `npm run bench -- --quick`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

for (const script of ['load.ts', 'api.ts', 'soak.ts', 'client.ts']) {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, script), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  // What each script costs, so that CI's budget for the quick run is seen, not guessed.
  process.stderr.write(`bench/${script}: ${Math.round((Date.now() - started) / 1000)} s\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
