/**
 * Generated datasets on disk: streamed to NDJSON (an L-size dataset does not fit in one string), and
 * loaded with Backchannel's own loader, for the benchmarks and the tests at scale.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Executor } from '../../server/db/executor.js';
import { runLoad } from '../../server/load/run.js';
import type { LoadSummary } from '../../server/load/run.js';
import { generateDataset } from './dataset.js';
import type { GenerateOptions } from './dataset.js';

/** Lines are written in chunks of about this many characters: one write per record is several times slower. */
const CHUNK = 1 << 16;

/** Writes the dataset to `file`; returns how many records were written. */
export async function writeDataset(file: string, options: GenerateOptions): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  let chunk = '';
  for (const record of generateDataset(options)) {
    chunk += `${JSON.stringify(record)}\n`;
    count++;
    if (chunk.length >= CHUNK) {
      const ok = out.write(chunk);
      chunk = '';
      if (!ok) await once(out, 'drain');
    }
  }
  out.end(chunk);
  await finished(out);
  return count;
}

export interface GeneratedLoad {
  readonly summary: LoadSummary;
  /** The temporary folder holding the NDJSON file and the load's reports. */
  readonly dir: string;
  readonly file: string;
}

/** Writes the dataset to a temporary folder and loads it (plus `extraFiles`, first) into the database. */
export async function loadGeneratedDataset(
  executor: Executor,
  options: GenerateOptions,
  extraFiles: string[] = [],
): Promise<GeneratedLoad> {
  const dir = await mkdtemp(path.join(tmpdir(), 'backchannel-generated-'));
  const file = path.join(dir, 'generated.ndjson');
  await writeDataset(file, options);
  const summary = await runLoad({ files: [...extraFiles, file], executor, reportDir: dir, batchSize: 5_000 });
  return { summary, dir, file };
}
