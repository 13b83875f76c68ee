/**
 * A directory of messages, one per file: a maildir (`cur/`, `new/`, Maildir++ `.Folder/`s), the CMU
 * Enron layout (`allen-p/inbox/1.`, `2.`, …), or a folder of `.eml` files. The tree is walked in a
 * deterministic order (names compared with their numbers as numbers: `2.` before `10.`), one file
 * read at a time; files that are not messages are skipped with a warning.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParseOptions, Parsed } from '../types.js';
import { MAX_MESSAGE_BYTES } from './eml.js';
import { readMessage } from './read.js';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** CMU Enron message files: `1.`, `2.`, … */
const CMU_NAME = /^\d+\.$/;

/** Whether a file in a mail tree holds one message, from its name and the folder it is in. */
export function isMessageFile(file: string): boolean {
  const name = path.basename(file);
  if (name.startsWith('.')) return false;
  if (CMU_NAME.test(name) || /\.eml$/i.test(name)) return true;
  const folder = path.basename(path.dirname(file));
  return folder === 'cur' || folder === 'new';
}

/** The folder a message was found in, relative to the tree (`allen-p/inbox`, `.Sent`), for messages without X-Folder. */
function folderOf(root: string, file: string): string {
  let dir = path.dirname(file);
  if (['cur', 'new'].includes(path.basename(dir))) dir = path.dirname(dir);
  const relative = path.relative(root, dir).split(path.sep).join('/');
  return relative === '' ? path.basename(root) : relative;
}

async function* walk(dir: string): AsyncIterable<{ file: string; entry: Dirent } | { file: string; error: string }> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield { file: dir, error: `unreadable folder: ${(error as Error).message}` };
    return;
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(file);
    else yield { file, entry };
  }
}

export async function* parseMaildir(root: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  const info = await stat(root);
  if (!info.isDirectory()) throw new Error(`${root}: a maildir is a directory`);
  for await (const item of walk(root)) {
    const { file } = item;
    if ('error' in item) {
      yield { where: { file }, error: item.error, raw: '' };
      continue;
    }
    const { entry } = item;
    if (!entry.isFile()) {
      yield {
        where: { file },
        warning: `not a regular file (${entry.isSymbolicLink() ? 'a symbolic link' : 'special'}): skipped`,
      };
      continue;
    }
    if (path.basename(path.dirname(file)) === 'tmp' && !isMessageFile(file)) {
      yield { where: { file }, warning: 'in a maildir tmp/ folder (a delivery not finished): skipped' };
      continue;
    }
    if (!isMessageFile(file)) {
      yield {
        where: { file },
        warning: 'not a message file (not a CMU "1." name, a cur/ or new/ file, or .eml): skipped',
      };
      continue;
    }
    let source: Buffer;
    try {
      const { size } = await stat(file);
      if (size > MAX_MESSAGE_BYTES) {
        options.onBytes?.(size);
        yield { where: { file }, error: `${size} bytes is too large for one message`, raw: '' };
        continue;
      }
      source = await readFile(file);
    } catch (error) {
      yield { where: { file }, error: `unreadable file: ${(error as Error).message}`, raw: '' };
      continue;
    }
    options.onBytes?.(source.length);
    yield* await readMessage(source, { file, line: 1, folder: folderOf(root, file) });
  }
}
