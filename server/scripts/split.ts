/**
 * Lexical scanning of Cypher scripts: just enough to know which characters are code, so that `;` and
 * `$name` are only recognised where Neo4j would see them. It is not a parser: a script that scans
 * cleanly can still be rejected by the server, which then reports the real error.
 */
import { InputError } from '../errors.js';

export type SegmentKind = 'code' | 'string' | 'identifier' | 'comment';

/** A run of the script; consecutive segments cover it exactly, without gaps or overlaps. */
export interface Segment {
  readonly kind: SegmentKind;
  /** Offset of the first character, delimiters included. */
  readonly start: number;
  /** Offset just past the last character, delimiters included. */
  readonly end: number;
  readonly text: string;
}

export interface Statement {
  readonly text: string;
  /** 1-based line of `text`'s first character in the script. */
  readonly line: number;
  /** 1-based column (UTF-16 code units, as Neo4j counts them) of `text`'s first character. */
  readonly column: number;
}

export class SplitError extends InputError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('invalid_script', message);
  }
}

/** Finds line and column of offsets; built once per script so positioning many statements stays linear. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(script: string) {
    for (let i = 0; i < script.length; i++) {
      const c = script[i];
      // CRLF, lone LF and lone CR each end one line, as editors count them.
      if (c === '\n' || (c === '\r' && script[i + 1] !== '\n')) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}

function unterminated(what: string, script: string, start: number): SplitError {
  const { line, column } = new LineIndex(script).position(start);
  return new SplitError(`unterminated ${what} starting at line ${line}, column ${column}`, line, column);
}

/** End offset (exclusive) of the quoted string opening at `start`; backslash escapes the next character. */
function endOfString(script: string, start: number): number {
  const quote = script[start];
  for (let i = start + 1; i < script.length; i++) {
    const c = script[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
  }
  throw unterminated('string', script, start);
}

/** End offset (exclusive) of the backtick identifier opening at `start`; a doubled backtick is a literal one. */
function endOfIdentifier(script: string, start: number): number {
  for (let i = start + 1; i < script.length; i++) {
    if (script[i] !== '`') continue;
    if (script[i + 1] === '`') i++;
    else return i + 1;
  }
  throw unterminated('quoted identifier', script, start);
}

function endOfLineComment(script: string, start: number): number {
  for (let i = start + 2; i < script.length; i++) {
    if (script[i] === '\n' || script[i] === '\r') return i;
  }
  return script.length;
}

function endOfBlockComment(script: string, start: number): number {
  // Cypher block comments do not nest: the first `*/` closes.
  const close = script.indexOf('*/', start + 2);
  if (close === -1) throw unterminated('block comment', script, start);
  return close + 2;
}

/**
 * Cuts a script into code, string, quoted-identifier and comment segments.
 * @throws SplitError when a string, quoted identifier or block comment is still open at the end.
 */
export function scanCypher(script: string): Segment[] {
  const segments: Segment[] = [];
  const push = (kind: SegmentKind, start: number, end: number): void => {
    if (end > start) segments.push({ kind, start, end, text: script.slice(start, end) });
  };
  let codeStart = 0;
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const next = script[i + 1];
    let kind: SegmentKind | undefined;
    let end = i;
    if (c === "'" || c === '"') {
      kind = 'string';
      end = endOfString(script, i);
    } else if (c === '`') {
      kind = 'identifier';
      end = endOfIdentifier(script, i);
    } else if (c === '/' && next === '/') {
      kind = 'comment';
      end = endOfLineComment(script, i);
    } else if (c === '/' && next === '*') {
      kind = 'comment';
      end = endOfBlockComment(script, i);
    }
    if (kind === undefined) {
      i++;
      continue;
    }
    push('code', codeStart, i);
    push(kind, i, end);
    i = end;
    codeStart = end;
  }
  push('code', codeStart, script.length);
  return segments;
}

/** The name a backtick-quoted identifier segment stands for. */
export function unquoteIdentifier(text: string): string {
  return text.slice(1, -1).replaceAll('``', '`');
}

/**
 * Splits a script into statements on the `;` that Neo4j would see as separators. Statements holding
 * nothing but whitespace and comments are dropped, since the server rejects them as empty queries.
 * @throws SplitError when a string, quoted identifier or block comment is still open at the end.
 */
export function splitStatements(script: string): Statement[] {
  const lines = new LineIndex(script);
  const statements: Statement[] = [];
  let start = 0;
  let hasCode = false;
  const flush = (end: number): void => {
    if (hasCode) {
      const raw = script.slice(start, end);
      const text = raw.trim();
      const { line, column } = lines.position(start + raw.length - raw.trimStart().length);
      statements.push({ text, line, column });
    }
    hasCode = false;
  };
  for (const segment of scanCypher(script)) {
    if (segment.kind === 'comment') continue;
    if (segment.kind !== 'code') {
      hasCode = true;
      continue;
    }
    for (let i = segment.start; i < segment.end; i++) {
      const c = script[i]!;
      if (c === ';') {
        flush(i);
        start = i + 1;
      } else if (!hasCode && c.trim() !== '') {
        hasCode = true;
      }
    }
  }
  flush(script.length);
  return statements;
}

/**
 * Maps a position Neo4j reports inside a statement (1-based, relative to `statement.text`) back to
 * the script, so an error can name the line of the file the user edits.
 */
export function positionInScript(
  statement: Pick<Statement, 'line' | 'column'>,
  line: number,
  column: number,
): { line: number; column: number } {
  return line === 1
    ? { line: statement.line, column: statement.column + column - 1 }
    : { line: statement.line + line - 1, column };
}
