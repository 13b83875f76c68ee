/**
 * Twitter formats: the FiveThirtyEight / Clemson IRA tweet CSV, NBC News' IRA users.csv, and the
 * official Twitter/X archive. Parsers, and what tells each apart.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isTwitterArchive } from './archive.js';
import { looksLikeIraCsv } from './ira-csv.js';
import { looksLikeNbcUsers } from './nbc-users.js';

export { parseIraTweetsCsv, looksLikeIraCsv, pairShortLinks, IRA_TWEETS_LAYOUT } from './ira-csv.js';
export { parseNbcUsersCsv, looksLikeNbcUsers, NBC_USERS_LAYOUT } from './nbc-users.js';
export { headerNames, LayoutError, missingColumns } from './csv.js';
export { parseTwitterArchive, isTwitterArchive, archiveFiles } from './archive.js';

export type TwitterFormat = 'ira-tweets-csv' | 'nbc-users-csv' | 'twitter-archive';

/** The first line of a file (up to 64 KiB), without its line break. */
export function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer
      .subarray(0, read)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/, 1)[0]!;
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/**
 * Which Twitter format a path is in, or undefined. A folder or .js file: an archive when its files
 * start "window.YTD.". A .csv file: by its header line (looksLikeIraCsv, looksLikeNbcUsers).
 */
export function detectTwitterFormat(target: string): TwitterFormat | undefined {
  let directory: boolean;
  try {
    directory = statSync(target).isDirectory();
  } catch {
    return undefined;
  }
  if (directory || target.toLowerCase().endsWith('.js'))
    return isTwitterArchive(target) ? 'twitter-archive' : undefined;
  if (!target.toLowerCase().endsWith('.csv')) return undefined;
  const header = firstLine(target);
  if (looksLikeIraCsv(header)) return 'ira-tweets-csv';
  if (looksLikeNbcUsers(header)) return 'nbc-users-csv';
  return undefined;
}
