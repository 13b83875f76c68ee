/**
 * A format named with --format, checked against the file before anything is read: a folder for a
 * one-file format, a CSV without the layout's columns, a file that cannot be JSON. The error says
 * what the file looks like instead and which --format fits ("this CSV has no tweet_id column; it
 * looks like NBC News' users.csv — try --format nbc-users-csv").
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { detectFormat, FORMATS, FormatError } from './formats.js';
import type { FormatName, Mapping } from './formats.js';
import { firstLine, headerNames, IRA_TWEETS_LAYOUT, missingColumns, NBC_USERS_LAYOUT } from './twitter/index.js';

const CSV_LAYOUTS = { 'ira-tweets-csv': IRA_TWEETS_LAYOUT, 'nbc-users-csv': NBC_USERS_LAYOUT } as const;
const FOLDER_FORMATS = new Set<FormatName>(['maildir', 'twitter-archive']);
const JSON_FORMATS = new Set<FormatName>(['ndjson', 'json', 'mapped-json']);

/** The first character that is not white space (a BOM aside), or '' for an empty file. */
function firstCharacter(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    return /^\uFEFF?\s*(\S?)/.exec(text)![1]!;
  } finally {
    closeSync(fd);
  }
}

/** What the file looks like, told from its contents and name, as the end of an error message. */
export function suggestion(file: string, given: FormatName): string {
  let detected: FormatName | undefined;
  try {
    detected = detectFormat(file);
  } catch {
    detected = undefined;
  }
  if (detected && detected !== given) {
    return `it looks like ${FORMATS[detected].description} — try --format ${detected}`;
  }
  if (/\.(csv|tsv)$/i.test(file)) {
    const columns = headerNames(firstLine(file)).slice(0, 6).join(', ');
    return `it looks like a CSV of another layout (columns ${columns}…) — try --format mapped-csv with --mapping <file> (docs/mapping.md)`;
  }
  if (/\.(json|ndjson|jsonl)$/i.test(file)) return 'try --format mapped-json with --mapping <file> (docs/mapping.md)';
  return 'leave out --format to have it told from the file';
}

/** Why the file cannot be in the format, or undefined when nothing says it is not. */
export function layoutProblem(file: string, format: FormatName): string | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return 'no such file or folder';
  const folderFormat = FOLDER_FORMATS.has(format);
  if (info.isDirectory() && !folderFormat) return `a folder, and ${format} is read from one file`;
  if (!info.isDirectory() && format === 'maildir') return 'a file, and a maildir is a folder';
  if (info.isDirectory()) return undefined;
  if (format in CSV_LAYOUTS) {
    const layout = CSV_LAYOUTS[format as keyof typeof CSV_LAYOUTS];
    const missing = missingColumns(headerNames(firstLine(file)), layout);
    if (missing.length > 0) return `this CSV has no ${missing.join(', ')} column, so it is not the ${layout.name}`;
  }
  if (JSON_FORMATS.has(format) && !['{', '[', ''].includes(firstCharacter(file))) {
    return `it does not start like JSON (${format} is JSON)`;
  }
  return undefined;
}

/**
 * Every file checked before the load starts (and before any database is started or reached): against
 * the format given with --format, or for a format that can be told from it.
 */
export function checkLayouts(files: readonly string[], format: FormatName | undefined, mapping?: Mapping): void {
  for (const file of files) {
    if (!format) {
      detectFormat(file, mapping);
      continue;
    }
    const problem = layoutProblem(file, format);
    if (problem === undefined) continue;
    if (problem === 'no such file or folder') throw new FormatError(`${file}: ${problem}`);
    throw new FormatError(`${file}: ${problem}; ${suggestion(file, format)}`);
  }
}
