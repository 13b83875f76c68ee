/**
 * Streaming CSV rows with the line each starts on, for the tweet and account CSV layouts.
 *
 * csv-parse's own `info.lines` miscounts a quoted field holding CRLF, so lines are counted here from
 * each record's raw text. Rows are arrays, so the header's unnamed columns (FiveThirtyEight's two index
 * columns) and rows with a wrong number of fields are the caller's to judge.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { ParseOptions } from '../types.js';
import { InputError } from '../../errors.js';

export interface CsvRow {
  /** 1-based line the row starts on (the header is line 1). */
  readonly line: number;
  readonly fields: string[];
  /** The row as written, without its line break. */
  readonly raw: string;
}

export interface CsvFailure {
  readonly line: number;
  readonly error: string;
}

/** A file given as a layout it is not in (its header lacks the layout's columns). */
export class LayoutError extends InputError {
  constructor(message: string) {
    super('wrong_layout', message);
  }
}

/** A CSV layout: its name and the columns its rows cannot do without. */
export interface CsvLayout {
  readonly name: string;
  readonly required: readonly string[];
}

/** The required columns a header lacks. */
export function missingColumns(header: readonly string[], layout: CsvLayout): string[] {
  const names = new Set(header.map((name) => name.trim()));
  return layout.required.filter((name) => !names.has(name));
}

/** A runaway quoted field (a quote never closed) stops here instead of swallowing the file. */
const MAX_RECORD_CHARS = 1_000_000;

const LINE_BREAK = /\r\n|\r|\n/g;

function breaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

/**
 * Every row of the file, the header first. A CSV error that csv-parse cannot get past (a quote never
 * closed) ends the rows with a CsvFailure naming the line where the unreadable part starts.
 */
export async function* csvRows(file: string, options: ParseOptions = {}): AsyncGenerator<CsvRow | CsvFailure> {
  const input = createReadStream(file);
  if (options.onBytes) {
    const onBytes = options.onBytes;
    input.on('data', (chunk) => onBytes(chunk.length));
  }
  const parser = input.pipe(
    parse({
      bom: true,
      raw: true,
      info: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARS,
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  let next = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const leading = /^(?:\r\n|\r|\n)*/.exec(item.raw)![0];
      const line = next + breaks(leading);
      next += breaks(item.raw);
      yield { line, fields: item.record, raw: item.raw.slice(leading.length).replace(/(?:\r\n|\r|\n)$/, '') };
    }
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw error;
    yield { line: next, error: `unreadable CSV from here on: ${message}` };
  }
}

/** Header names trimmed; index of each name (the first, if a name repeats). */
export function columnIndex(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

export interface TableRow extends CsvRow {
  /** The field under a header name, as written ('' when the column or the field is missing). */
  readonly get: (name: string) => string;
  /** Why the row's field count differs from the header's, when it does. */
  readonly widthProblem?: string;
}

/**
 * The rows after the header, each with access by column name. A header without the columns the
 * layout needs stops the parse with an error naming the file; an unreadable rest of file ends the
 * rows with a CsvFailure, as csvRows does.
 */
export async function* csvTable(
  file: string,
  options: ParseOptions,
  layout: CsvLayout,
): AsyncGenerator<TableRow | CsvFailure> {
  let columns: Map<string, number> | undefined;
  let width = 0;
  for await (const row of csvRows(file, options)) {
    if ('error' in row) {
      yield row;
      return;
    }
    if (!columns) {
      columns = columnIndex(row.fields);
      width = row.fields.length;
      const missing = missingColumns(row.fields, layout);
      if (missing.length > 0) {
        throw new LayoutError(`${file}: this CSV has no ${missing.join(', ')} column, so it is not the ${layout.name}`);
      }
      continue;
    }
    const index = columns;
    const get = (name: string): string => {
      const i = index.get(name);
      return i === undefined ? '' : (row.fields[i] ?? '');
    };
    yield row.fields.length === width
      ? { ...row, get }
      : { ...row, get, widthProblem: `${row.fields.length} fields where the header has ${width}` };
  }
}

/** Column names of a header line, for format detection (a plain split: enough for these headers). */
export function headerNames(headerLine: string): string[] {
  return headerLine
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n$/, '')
    .split(',')
    .map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
}
