/**
 * Backchannel's own dataset format: NDJSON (one record per line, streamed, so memory stays flat
 * however big the file) or a JSON document holding an array of records (or {"records": [...]}).
 */
import { createReadStream } from 'node:fs';
import { stat, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { nativeScope, scopeNativeIdentity } from './native-identity.js';
import type { ParseOptions, Parsed } from './types.js';

/** A whole JSON document is parsed in memory; past this size NDJSON is the way. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** No dataset record nests this deep; deeper input would overflow the stack of every recursive step after parsing. */
const MAX_DEPTH = 256;

/** How deeply brackets nest, strings skipped: a cheap check before trusting JSON.parse's output to recursion. */
export function nestingDepth(text: string, stopAt = MAX_DEPTH + 1): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > deepest && (deepest = depth) >= stopAt) return deepest;
    } else if (c === 93 || c === 125) depth--;
  }
  return deepest;
}

function parseGuarded(text: string): unknown {
  if (nestingDepth(text) > MAX_DEPTH) throw new Error(`nested deeper than ${MAX_DEPTH} levels`);
  return JSON.parse(text);
}

export async function* parseNdjson(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const scope = nativeScope(file);
  let line = 0;
  for await (const text of lines) {
    line++;
    options.onBytes?.(Buffer.byteLength(text) + 1);
    const trimmed = text.trim();
    if (trimmed === '') continue;
    const where = { file, line };
    try {
      yield { where, record: scopeNativeIdentity(parseGuarded(trimmed), scope) };
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
    document = parseGuarded(text);
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
  const scope = nativeScope(file);
  for (const [index, record] of records.entries())
    yield { where: { file, pointer: `${prefix}/${index}` }, record: scopeNativeIdentity(record, scope) };
}
