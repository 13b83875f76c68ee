/**
 * How many bytes a load will read, for its percentage: what its parsers report through onBytes. A
 * file is its size. A maildir is the sum of its message files (what parseMaildir reads; other files
 * are skipped), and a Twitter archive folder the sum of its data files, not of its media: a walk that
 * takes seconds on a large tree (the Enron maildir has 517,000 files), so it runs beside the load and
 * can be stopped when the load ends first.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMessageFile } from '../ingest/email/maildir.js';
import type { FormatName } from '../ingest/formats.js';
import { archiveFiles } from '../ingest/twitter/index.js';

async function sizeOf(file: string): Promise<number> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : 0;
  } catch {
    return 0;
  }
}

async function maildirBytes(dir: string, stopped: () => boolean): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (stopped()) return total;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await maildirBytes(file, stopped);
    else if (entry.isFile() && isMessageFile(file)) total += await sizeOf(file);
  }
  return total;
}

async function inputBytes(file: string, format: FormatName, stopped: () => boolean): Promise<number> {
  const info = await stat(file).catch(() => undefined);
  if (!info) return 0;
  if (info.isFile()) return info.size;
  if (format === 'twitter-archive') {
    const sizes = await Promise.all(archiveFiles(file).map(sizeOf));
    return sizes.reduce((a, b) => a + b, 0);
  }
  return maildirBytes(file, stopped);
}

export interface InputSize {
  /** Every input's bytes, once measured (undefined if stopped first). */
  readonly total: Promise<number | undefined>;
  stop(): void;
}

export function measureInput(files: readonly string[], formats: readonly FormatName[]): InputSize {
  let stopped = false;
  const isStopped = () => stopped;
  const total = (async () => {
    let sum = 0;
    for (const [i, file] of files.entries()) sum += await inputBytes(file, formats[i]!, isStopped);
    return stopped ? undefined : sum;
  })();
  return {
    total,
    stop: () => {
      stopped = true;
    },
  };
}
