/**
 * An mbox file, streamed: read in chunks, split into lines as bytes (a message's charset is its own
 * business, so nothing is decoded here), and each message parsed as soon as the next one starts.
 * Memory holds one message at a time, however large the file.
 *
 * A message starts at a `From ` line at the start of the file or after a blank line, and that line
 * must look like an envelope (`From sender date`), so an unescaped "From here on…" in a body does not
 * split it. `>From ` lines are unquoted one level (mboxrd). LF and CRLF files both work.
 */
import { createReadStream } from 'node:fs';
import type { ParseOptions, Parsed } from '../types.js';
import { readMessage } from './read.js';

/** One message larger than this is rejected (its lines are not kept), the rest of the file goes on. */
export const MAX_MBOX_MESSAGE_BYTES = 128 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const FROM_ = Buffer.from('From ', 'latin1');
const QUOTED_FROM = /^>+From /;

/** `From sender date…`: the envelope line, with a time or a year in it. */
const ENVELOPE = /^From \S+.*(?:\d{1,2}:\d{2}|\b\d{4}\b)/;

function startsWith(line: Buffer, prefix: Buffer): boolean {
  return line.length >= prefix.length && line.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}

export function isEnvelopeLine(line: Buffer): boolean {
  return startsWith(line, FROM_) && ENVELOPE.test(line.subarray(0, 1000).toString('latin1'));
}

function isBlank(line: Buffer): boolean {
  return line.length === 0 || (line.length === 1 && line[0] === LF) || (line.length === 2 && line[0] === CR);
}

/** Lines of a byte stream, each with its line ending; the last one may have none. */
async function* lines(file: string, options: ParseOptions): AsyncIterable<Buffer> {
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    options.onBytes?.(chunk.length);
    let from = 0;
    for (let nl = chunk.indexOf(LF, from); nl >= 0; nl = chunk.indexOf(LF, from)) {
      const piece = chunk.subarray(from, nl + 1);
      if (carry.length > 0) {
        carry.push(piece);
        yield Buffer.concat(carry);
        carry = [];
      } else yield piece;
      from = nl + 1;
    }
    if (from < chunk.length) carry.push(chunk.subarray(from));
  }
  if (carry.length > 0) yield Buffer.concat(carry);
}

export async function* parseMbox(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
  let lineNo = 0;
  let previousBlank = true;
  let start = 0; // line of the current message's envelope, 0 before the first
  let parts: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  let messages = 0;
  let preamble = 0;

  async function* finish(): AsyncIterable<Parsed> {
    if (start === 0) return;
    messages++;
    if (tooBig) {
      yield {
        where: { file, line: start },
        error: `message larger than ${MAX_MBOX_MESSAGE_BYTES} bytes: skipped`,
        raw: Buffer.concat(parts.slice(0, 200)).toString('utf8'),
      };
      return;
    }
    // The blank line before the next envelope separates messages; it is not part of this one.
    if (parts.length > 0 && isBlank(parts[parts.length - 1]!)) parts.pop();
    yield* await readMessage(Buffer.concat(parts), { file, line: start });
  }

  for await (const line of lines(file, options)) {
    lineNo++;
    if (previousBlank && isEnvelopeLine(line)) {
      if (start === 0 && preamble > 0) {
        yield {
          where: { file, line: 1 },
          warning: `text before the first "From " envelope line is in no message: ${preamble} line${preamble === 1 ? '' : 's'} skipped`,
        };
      }
      yield* finish();
      start = lineNo;
      parts = [];
      size = 0;
      tooBig = false;
      previousBlank = false;
      continue;
    }
    previousBlank = isBlank(line);
    if (start === 0) {
      if (!previousBlank) preamble++;
      continue;
    }
    if (tooBig) continue;
    const unquoted = line[0] === 0x3e && QUOTED_FROM.test(line.subarray(0, 200).toString('latin1'));
    const kept = unquoted ? line.subarray(1) : line;
    size += kept.length;
    if (size > MAX_MBOX_MESSAGE_BYTES) {
      tooBig = true;
      parts = parts.slice(0, 200); // keep the start, for the reject
      continue;
    }
    parts.push(kept);
  }
  yield* finish();

  if (messages === 0 && preamble > 0) {
    yield { where: { file, line: 1 }, error: 'not an mbox: no "From " envelope line starts a message', raw: '' };
  }
}
