/**
 * Format detection for email input, from the file system and the first bytes (never the whole
 * file). Synchronous so format detection stays a plain function.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMessageFile } from './maildir.js';
import { isEnvelopeLine } from './mbox.js';

const SNIFF_BYTES = 64 * 1024;

function head(file: string, bytes = SNIFF_BYTES): Buffer | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const read = readSync(fd, buffer, 0, bytes, 0);
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** An mbox: a file whose first line is a `From sender date` envelope, or named `.mbox`/`.mbx`. */
export function looksLikeMbox(file: string): boolean {
  const start = head(file, 1024);
  if (start === undefined) return false;
  if (/\.(mbox|mbx)$/i.test(file)) return true;
  const end = start.indexOf(0x0a);
  return isEnvelopeLine(end < 0 ? start : start.subarray(0, end));
}

/**
 * A maildir or mail tree: a directory with `cur/` or `new/`, or with a message file (a CMU `1.`, an
 * `.eml`, a file in `cur/`/`new/`) within a few levels (at most a few thousand entries looked at).
 */
export function looksLikeMaildir(dir: string, maxDepth = 4, maxEntries = 5_000): boolean {
  if (!isDirectory(dir)) return false;
  let seen = 0;
  let level = [dir];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const current of level) {
      let entries;
      try {
        entries = readdirSync(current, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (++seen > maxEntries) return false;
        const full = path.join(current, entry.name);
        if (entry.isDirectory()) {
          if (entry.name === 'cur' || entry.name === 'new') return true;
          next.push(full);
        } else if (entry.isFile() && isMessageFile(full)) return true;
      }
    }
    level = next;
  }
  return false;
}

const KNOWN_HEADERS = /^(?:from|date|message-id|subject|received|return-path|to|mime-version|delivered-to):/im;

/**
 * A single message: named `.eml`, or a file starting with RFC 5322 header fields (a CMU `1.` file, an
 * extensionless export), including a known one, before the first blank line.
 */
export function looksLikeEml(file: string): boolean {
  const start = head(file);
  if (start === undefined) return false;
  if (/\.eml$/i.test(file)) return true;
  const text = start.toString('latin1').replace(/^\uFEFF/, '');
  const blank = text.search(/\r?\n\r?\n/);
  const headers = blank < 0 ? text : text.slice(0, blank);
  const lines = headers.split(/\r?\n/).filter((l) => !/^[ \t]/.test(l));
  return lines.length > 0 && lines.every((l) => /^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(l)) && KNOWN_HEADERS.test(headers);
}
