/**
 * Parses the raw bytes of one message with mailparser and maps it, turning a message mailparser
 * cannot read at all into a reject (with the start of the raw text kept) instead of an exception.
 */
import { simpleParser } from 'mailparser';
import type { Parsed } from '../types.js';
import { mapEmail } from './message.js';
import type { MessageContext } from './message.js';

/** How much of an unreadable message the reject keeps. */
const MAX_RAW = 64 * 1024;

/** HTML past this size is not converted to text (the conversion is slow on huge markup). */
const MAX_HTML_TO_TEXT = 4 * 1024 * 1024;

/** A header field at the start of the message: a name of printable characters, then a colon. */
const HEADER_START = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;

function rawText(source: Buffer): string {
  return source.subarray(0, MAX_RAW).toString('utf8');
}

/** The length of a leading mbox "From " envelope line (an .eml saved from an mbox keeps one), or 0. */
function envelopeLength(source: Buffer): number {
  if (source.subarray(0, 5).toString('latin1') !== 'From ') return 0;
  const end = source.indexOf(0x0a);
  return end < 0 ? source.length : end + 1;
}

export async function readMessage(message: Buffer, context: MessageContext): Promise<Parsed[]> {
  const source = message.subarray(envelopeLength(message));
  const where = { file: context.file, ...(context.line !== undefined ? { line: context.line } : {}) };
  const head = source
    .subarray(0, 1024)
    .toString('latin1')
    .replace(/^\uFEFF/, '');
  if (!HEADER_START.test(head)) {
    return [{ where, error: 'not an email message: it does not start with a header', raw: rawText(source) }];
  }
  let mail;
  try {
    mail = await simpleParser(source, {
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
      checksumAlgo: false,
      maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
    });
  } catch (error) {
    return [{ where, error: `unreadable message: ${(error as Error).message}`, raw: rawText(source) }];
  }
  return mapEmail(mail, context);
}
