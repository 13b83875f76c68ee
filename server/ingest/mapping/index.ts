/**
 * Mapped formats: a mapping file (YAML or JSON, docs/mapping.md) turns a CSV, a JSON export or a
 * GraphML graph into dataset records, so new material loads without code.
 *
 *   const mapping = await loadMapping('cypher/mappings/trumpworld.yaml');
 *   for await (const item of mappedCsvParser(mapping)(file)) ...
 *
 * Wiring into `backchannel load` (server/ingest/formats.ts and server/cli/commands/load.ts): a mapped format needs
 * the mapping before it has a parser, so FORMATS cannot hold a ready parser for it. Suggested:
 *   - cli/commands/load.ts: `--mapping <file>`; `loadFiles` calls `await loadMapping(flags.mapping)` once, before
 *     any file is read, so a bad mapping fails the command with every error and its path, and
 *     passes the Mapping to runLoad (LoadOptions.mapping).
 *   - formats.ts: `mapped-csv`, `mapped-json` and `graphml` entries built from a factory,
 *     e.g. `{ parserFor: (mapping?: Mapping) => Parser, needsMapping: boolean }` alongside the
 *     ready `parser` of the native formats; runLoad picks `parserFor(options.mapping)`.
 *     `mapped-csv` and `mapped-json` require --mapping (error: "--format mapped-csv needs
 *     --mapping <file>"); `graphml` uses the default mapping without one.
 *   - detectFormat: `.graphml` → graphml. `.csv` → mapped-csv only when --mapping is given (a CSV
 *     has no fixed meaning without one; other engineers' tweet CSV layouts may claim `.csv` too).
 *     `--mapping` with a `.json`/`.ndjson` file and no --format → mapped-json, since the mapping
 *     says these are not native dataset records.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { MappingError, parseMapping } from './mapping-file.js';
import type { Mapping } from './mapping-file.js';

export { mappedCsvParser } from './csv.js';
export { mappedJsonParser } from './json.js';
export { defaultGraphmlMapping, graphmlParser } from './graphml.js';
export { checkHeader, MappingError, parseMapping } from './mapping-file.js';
export type { GraphmlMapping, Mapping, RowsMapping, RowsMappingSpec, GraphmlMappingSpec } from './mapping-file.js';
export { RowError } from './values.js';
export type { ValueSpec, Condition, When } from './values.js';
export type { NodeTemplate, RelationshipTemplate, Citation } from './rows.js';

/** Reads a mapping file: `.json` as JSON, anything else as YAML (a superset of JSON). */
export async function loadMapping(file: string): Promise<Mapping> {
  const text = await readFile(file, 'utf8');
  return parseMappingText(text, file);
}

/** Parses mapping text (YAML or JSON); syntax errors are MappingErrors with the line. */
export function parseMappingText(text: string, origin: string): Mapping {
  let raw: unknown;
  if (path.extname(origin).toLowerCase() === '.json') {
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new MappingError(origin, [{ path: '', message: `invalid JSON: ${(error as Error).message}` }]);
    }
  } else {
    const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new MappingError(
        origin,
        document.errors.map((e) => ({ path: '', message: `invalid YAML: ${e.message.split('\n')[0]}` })),
      );
    }
    raw = document.toJS({ maxAliasCount: 1000 });
  }
  return parseMapping(raw, origin);
}
