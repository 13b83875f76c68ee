/**
 * Writes a synthetic dataset as NDJSON:
 *   npx tsx bench/generate/cli.ts --size S|M|L [--seed N] --out file.ndjson
 *   npx tsx bench/generate/cli.ts --messages N [--seed N] --out file.ndjson
 */
import { parseArgs } from 'node:util';
import { SIZES } from './dataset.js';
import { writeDataset } from './write.js';

const USAGE = 'usage: tsx bench/generate/cli.ts (--size S|M|L | --messages N) [--seed N] --out file.ndjson\n';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) fail(`--${name} must be an integer, not ${text}`);
  return value;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        size: { type: 'string' },
        messages: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.out) fail('--out is required');
  if ((values.size === undefined) === (values.messages === undefined)) fail('give exactly one of --size or --messages');
  let messages: number;
  if (values.size !== undefined) {
    if (!Object.hasOwn(SIZES, values.size)) fail(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
    messages = SIZES[values.size as keyof typeof SIZES];
  } else {
    messages = parseInteger('messages', values.messages!);
    if (messages < 1) fail('--messages must be positive');
  }
  const seed = values.seed === undefined ? 1 : parseInteger('seed', values.seed);

  const started = performance.now();
  const count = await writeDataset(values.out, { messages, seed });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `${count} records (${messages} messages, seed ${seed}) in ${seconds.toFixed(1)} s → ${values.out}\n`,
  );
}

await main();
