/** A single message file (`.eml`, RFC 5322). */
import { readFile, stat } from 'node:fs/promises';
import type { ParseOptions, Parsed } from '../types.js';
import { readMessage } from './read.js';

/** Past this, a "message" file is not one message: an mbox or a dump read with the wrong format. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export async function* parseEml(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  const { size } = await stat(file);
  if (size > MAX_MESSAGE_BYTES) {
    options.onBytes?.(size);
    yield { where: { file }, error: `${size} bytes is too large for one message (is it an mbox?)`, raw: '' };
    return;
  }
  const source = await readFile(file);
  options.onBytes?.(source.length);
  yield* await readMessage(source, { file, line: 1 });
}
