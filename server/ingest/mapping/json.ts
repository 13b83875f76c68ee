/**
 * Mapped JSON: each element of a JSON array (the document itself, or the array at `json.records`),
 * or each line of an NDJSON file (streamed), becomes dataset records through a mapping. Columns are
 * dotted paths into the element: `author.name`, `entities.urls[*].expanded_url`, `items[0]`.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { ParseOptions, Parsed, Parser } from '../types.js';
import { requireRows } from './csv.js';
import { MappingError } from './mapping-file.js';
import type { Mapping, RowsMapping } from './mapping-file.js';
import { RowRunner } from './runner.js';
import { parsePath, readPath } from './values.js';
import type { RowContext } from './values.js';

/** A whole JSON document is parsed in memory; past this size NDJSON is the way. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** A column of a JSON row: a path, or a key holding a dot when the element has that key. */
export function jsonRow(element: unknown): RowContext {
  return {
    get: (column) => {
      if (typeof element === 'object' && element !== null && !Array.isArray(element) && Object.hasOwn(element, column))
        return (element as Record<string, unknown>)[column];
      return readPath(element, column);
    },
  };
}

async function firstCharacter(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
      .charAt(0);
  } finally {
    await handle.close();
  }
}

async function isLines(file: string, mapping: RowsMapping): Promise<boolean> {
  if (mapping.spec.json?.lines !== undefined) return mapping.spec.json.lines;
  if (/\.(ndjson|jsonl)$/i.test(file)) return true;
  // Arrays at a path (json.records, or a template's records:) are inside one document.
  if (mapping.rows.groups.some((g) => g !== '')) return false;
  return (await firstCharacter(file)) !== '[';
}

function pointerOf(path: string | undefined): string {
  if (!path) return '';
  return parsePath(path)
    .map((step) =>
      'key' in step ? `/${step.key.replace(/~/g, '~0').replace(/\//g, '~1')}` : 'index' in step ? `/${step.index}` : '',
    )
    .join('');
}

function mapElement(
  runner: RowRunner,
  element: unknown,
  where: Parsed['where'],
  raw: () => string,
  group?: string,
): Parsed[] {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) {
    return [
      runner.reject(
        where,
        `expected a JSON object, got ${Array.isArray(element) ? 'an array' : typeof element}`,
        raw(),
      ),
    ];
  }
  return runner.run({ where, ctx: jsonRow(element), raw, ...(group !== undefined ? { group } : {}) });
}

/** `records:` on templates picks arrays of one JSON document: a CSV (or NDJSON) has rows only. */
function requireOneGroup(mapping: RowsMapping, what: string): void {
  if (mapping.rows.groups.length <= 1) return;
  throw new MappingError(mapping.origin, [
    {
      path: '',
      message: `templates read the arrays ${mapping.rows.groups.map((g) => JSON.stringify(g)).join(', ')} (records:), which only a JSON document has, not ${what}`,
    },
  ]);
}

export function mappedJsonParser(mapping: Mapping): Parser {
  const rows = requireRows(mapping, 'mapped JSON');

  return async function* parseMappedJson(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
    const runner = new RowRunner(rows.rows, rows.dataset, options);
    if (await isLines(file, rows)) {
      requireOneGroup(rows, 'NDJSON (one row per line)');
      const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
      let line = 0;
      for await (const text of lines) {
        line++;
        options.onBytes?.(Buffer.byteLength(text) + 1);
        const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
        if (trimmed === '') continue;
        const where = { file, line };
        let element: unknown;
        try {
          element = JSON.parse(trimmed);
        } catch (error) {
          yield runner.reject(where, `invalid JSON: ${(error as Error).message}`, text);
          continue;
        }
        yield* mapElement(runner, element, where, () => text);
      }
      yield* runner.finish(file);
      return;
    }

    const { size } = await stat(file);
    if (size > MAX_JSON_BYTES) {
      throw new Error(
        `${file}: ${size} bytes is too large for one JSON document; write it as NDJSON (one row per line)`,
      );
    }
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    options.onBytes?.(size);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      yield {
        where: { file, pointer: '' },
        error: `invalid JSON: ${(error as Error).message}`,
        raw: text.slice(0, 200),
      };
      return;
    }
    // Each array the templates read (json.records, or their own `records:`), in the order first named;
    // rows joining by id to a later array wait for it (RowRunner).
    const several = rows.rows.groups.length > 1;
    for (const path of rows.rows.groups) {
      const elements = path ? readPath(document, path) : document;
      const prefix = pointerOf(path);
      if (!Array.isArray(elements)) {
        yield {
          where: { file, pointer: prefix },
          error: path
            ? `expected an array at ${JSON.stringify(path)} (${several ? 'records' : 'json.records'})`
            : 'expected a JSON array of rows; set json.records to the path of the array',
          raw: '',
        };
        continue;
      }
      for (const [i, element] of elements.entries()) {
        const where = { file, pointer: `${prefix}/${i}` };
        yield* mapElement(runner, element, where, () => JSON.stringify(element), several ? path : undefined);
      }
    }
    yield* runner.finish(file);
  };
}
