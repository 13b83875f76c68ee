/**
 * Backchannel's own dataset format: NDJSON (one record per line, streamed, so memory stays flat
 * however big the file) or a JSON document holding an array of records (or {"records": [...]}).
 */
import { createReadStream } from 'node:fs';
import { stat, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ParseOptions, Parsed } from './types.js';

/** A whole JSON document is parsed in memory; past this size NDJSON is the way. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

export async function* parseNdjson(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    options.onBytes?.(Buffer.byteLength(text) + 1);
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const where = { file, line };
    try {
      yield { where, record: JSON.parse(trimmed) as unknown };
    } catch (error) {
      yield { where, error: `invalid JSON: ${(error as Error).message}`, raw: text };
    }
  }
}

export async function* parseJsonDocument(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  const { size } = await stat(file);
  if (size > MAX_JSON_BYTES) {
    throw new Error(
      `${file}: ${size} bytes is too large for a JSON document; write it as NDJSON (one record per line)`,
    );
  }
  const text = await readFile(file, 'utf8');
  options.onBytes?.(size);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    yield { where: { file, pointer: '' }, error: `invalid JSON: ${(error as Error).message}`, raw: text.slice(0, 200) };
    return;
  }
  const wrapped = typeof document === 'object' && document !== null && !Array.isArray(document);
  const records = wrapped ? (document as { records?: unknown }).records : document;
  if (!Array.isArray(records)) {
    yield { where: { file, pointer: '' }, error: 'expected an array of records or {"records": [...]}', raw: '' };
    return;
  }
  const prefix = wrapped ? '/records' : '';
  for (const [index, record] of records.entries()) yield { where: { file, pointer: `${prefix}/${index}` }, record };
}
