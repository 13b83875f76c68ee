/**
 * The formats `backchannel load` reads, detected from the file (name, folder layout, first line) and
 * overridable with --format. Each is a parser yielding dataset records; the loader does not know
 * which one it is fed by. Mapped formats (any CSV, JSON or GraphML) take a mapping file.
 */
import { statSync } from 'node:fs';
import { looksLikeEml, looksLikeMaildir, looksLikeMbox, parseEml, parseMaildir, parseMbox } from './email/index.js';
import { graphmlParser, MappingError, mappedCsvParser, mappedJsonParser } from './mapping/index.js';
import type { Mapping } from './mapping/index.js';
import { parseJsonDocument, parseNdjson } from './native.js';
import { detectTwitterFormat, parseIraTweetsCsv, parseNbcUsersCsv, parseTwitterArchive } from './twitter/index.js';
import type { Parser } from './types.js';
import { InputError } from '../errors.js';

export class FormatError extends InputError {
  constructor(message: string) {
    super('wrong_format', message);
  }
}
export { MappingError };
export type { Mapping };

/** A format's parser, given the mapping when the command has one. */
type Factory = (mapping: Mapping | undefined) => Parser;

const fixed =
  (parser: Parser): Factory =>
  () =>
    parser;

const mapped =
  (make: (mapping: Mapping) => Parser, name: string): Factory =>
  (mapping) => {
    if (!mapping) throw new FormatError(`the ${name} format needs --mapping <file> (see docs/mapping.md)`);
    return make(mapping);
  };

export const FORMATS = {
  // Curated: written and sourced by hand, so their values outrank any import's (server/load/evidence.ts).
  ndjson: {
    parser: fixed(parseNdjson),
    description: "Backchannel's dataset format, one JSON record per line",
    curated: true,
  },
  json: {
    parser: fixed(parseJsonDocument),
    description: "Backchannel's dataset format as one JSON array",
    curated: true,
  },
  eml: { parser: fixed(parseEml), description: 'one RFC 5322 email (.eml, or a CMU Enron "1." file)' },
  mbox: { parser: fixed(parseMbox), description: 'an mbox mailbox (streamed)' },
  maildir: { parser: fixed(parseMaildir), description: 'a maildir tree, including the CMU Enron layout' },
  'ira-tweets-csv': { parser: fixed(parseIraTweetsCsv), description: 'FiveThirtyEight / Clemson IRA tweets CSV' },
  'nbc-users-csv': { parser: fixed(parseNbcUsersCsv), description: "NBC News' Russian troll users.csv" },
  'twitter-archive': {
    parser: fixed(parseTwitterArchive),
    description: 'an official Twitter/X archive folder or one of its .js files',
  },
  'mapped-csv': { parser: mapped(mappedCsvParser, 'mapped-csv'), description: 'any CSV, through a mapping file' },
  'mapped-json': {
    parser: mapped(mappedJsonParser, 'mapped-json'),
    description: 'a JSON array or NDJSON of any shape, through a mapping file',
  },
  graphml: {
    parser: (mapping) => graphmlParser(mapping),
    description: 'GraphML (Gephi, yEd…), through a mapping file or the default one',
  },
} as const satisfies Record<string, { parser: Factory; description: string; curated?: true }>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function detectFormat(file: string, mapping?: Mapping): FormatName {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new FormatError(`${file}: no such file or folder`);
  const lower = file.toLowerCase();
  if (lower.endsWith('.graphml') || mapping?.kind === 'graphml') return 'graphml';
  if (mapping) {
    if (/\.(csv|tsv)$/.test(lower)) return 'mapped-csv';
    if (/\.(json|ndjson|jsonl)$/.test(lower)) return 'mapped-json';
  }
  const twitter = detectTwitterFormat(file);
  if (twitter) return twitter;
  if (stat.isDirectory()) {
    if (looksLikeMaildir(file)) return 'maildir';
    throw new FormatError(`${file}: a folder that is neither a maildir nor a Twitter archive; pass --format`);
  }
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.eml')) return 'eml';
  if (lower.endsWith('.mbox') || lower.endsWith('.mbx') || looksLikeMbox(file)) return 'mbox';
  if (looksLikeEml(file)) return 'eml';
  throw new FormatError(
    `${file}: cannot tell the format from the file; pass --format (${FORMAT_NAMES.join(', ')}), or --mapping for a spreadsheet`,
  );
}
