/**
 * JSON.parse with an error a person can act on: the file, line and column of the first character that
 * cannot be JSON, on one line. V8 gives the position for some errors only ("Unexpected token '}',
 * "…" is not valid JSON" has none), so it is found here.
 */
import { InputError } from './errors.js';

export class JsonTextError extends InputError {
  constructor(message: string) {
    super('invalid_json', message);
  }
}

const END_OF_INPUT = /Unexpected end of JSON input/;
const AT_POSITION = / at position (\d+)/;

function parses(text: string): unknown {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error;
  }
}

/**
 * The offset of the first character that cannot belong to a JSON text. A prefix up to that character
 * either parses or ends too early; from it on, every prefix fails for another reason: so the offset is
 * found by bisection, in a few parses.
 */
export function errorOffset(text: string): number {
  const badAt = (length: number) => {
    const error = parses(text.slice(0, length));
    if (error === undefined) return false;
    const message = (error as Error).message;
    // Running out of text is not a bad character, whatever V8 calls it ("Unterminated string …").
    const position = AT_POSITION.exec(message);
    return !END_OF_INPUT.test(message) && !(position && Number(position[1]) >= length);
  };
  if (!badAt(text.length)) return text.length;
  let low = 0; // a good prefix length
  let high = text.length; // a bad one
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (badAt(middle)) high = middle;
    else low = middle;
  }
  return high - 1;
}

/** 1-based line and column of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** V8's reason without its position and its quote of the text (which may span lines). */
function reason(message: string): string {
  return (
    message
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/(?: in JSON)? at position \d+.*$/s, '')
      .replace(/\s+/g, ' ')
      .trim() || 'not valid JSON'
  );
}

export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column } = lineAndColumn(text, errorOffset(text));
    throw new JsonTextError(`${where}:${line}:${column}: not valid JSON: ${reason((error as Error).message)}`);
  }
}
