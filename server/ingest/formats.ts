/**
 * The formats `backchannel load` reads, detected from the file (name, folder layout, first line) and
 * overridable with --format. Each is a parser yielding dataset records; the loader does not know
 * which one it is fed by.
 */
import { statSync } from 'node:fs';
import { looksLikeEml, looksLikeMaildir, looksLikeMbox, parseEml, parseMaildir, parseMbox } from './email/index.js';
import { parseJsonDocument, parseNdjson } from './native.js';
import { detectTwitterFormat, parseIraTweetsCsv, parseNbcUsersCsv, parseTwitterArchive } from './twitter/index.js';
import type { Parser } from './types.js';

export const FORMATS = {
  ndjson: { parser: parseNdjson, description: "Backchannel's dataset format, one JSON record per line" },
  json: { parser: parseJsonDocument, description: "Backchannel's dataset format as one JSON array" },
  eml: { parser: parseEml, description: 'one RFC 5322 email (.eml, or a CMU Enron "1." file)' },
  mbox: { parser: parseMbox, description: 'an mbox mailbox (streamed)' },
  maildir: { parser: parseMaildir, description: 'a maildir tree, including the CMU Enron layout' },
  'ira-tweets-csv': { parser: parseIraTweetsCsv, description: 'FiveThirtyEight / Clemson IRA tweets CSV' },
  'nbc-users-csv': { parser: parseNbcUsersCsv, description: "NBC News' Russian troll users.csv" },
  'twitter-archive': {
    parser: parseTwitterArchive,
    description: 'an official Twitter/X archive folder or one of its .js files',
  },
} as const satisfies Record<string, { parser: Parser; description: string }>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export class FormatError extends Error {}

export function detectFormat(file: string): FormatName {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new FormatError(`${file}: no such file or folder`);
  const lower = file.toLowerCase();
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
