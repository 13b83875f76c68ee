/**
 * Mapped CSV: each row of a CSV file, streamed with csv-parse, becomes dataset records through a
 * mapping. The header is read first and every column the mapping names is checked against it before
 * any row is mapped. A row that does not fit (wrong number of fields, a value a template cannot use,
 * a record the model refuses) is rejected whole, with its first line and the reason; the others go on.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import type { ParseOptions, Parsed, Parser } from '../types.js';
import { checkHeader, constantColumnWarnings, MappingError } from './mapping-file.js';
import type { Mapping, RowsMapping } from './mapping-file.js';
import { RowRunner } from './runner.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Passes bytes through and remembers where line breaks are (LF, CRLF or a lone CR), so a record's
 * line can be told from csv-parse's byte count (its own line count is off after a quoted CRLF).
 */
class LineIndex extends Transform {
  private breaks: number[] = [];
  private passed = 0;
  private cursor = 0;
  private offset = 0;
  private pendingCR = -1;

  constructor(private readonly onBytes?: (bytes: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      const at = this.offset + i;
      if (this.pendingCR >= 0) {
        if (byte !== LF) this.breaks.push(this.pendingCR);
        this.pendingCR = -1;
      }
      if (byte === LF) this.breaks.push(at);
      else if (byte === CR) this.pendingCR = at;
    }
    this.offset += chunk.length;
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.pendingCR >= 0) this.breaks.push(this.pendingCR);
    callback();
  }

  /** 1-based line of the byte at `position`; positions must not go backwards. */
  lineAt(position: number): number {
    while (this.cursor < this.breaks.length && this.breaks[this.cursor]! < position) this.cursor++;
    if (this.cursor > 8192) {
      this.breaks.splice(0, this.cursor);
      this.passed += this.cursor;
      this.cursor = 0;
    }
    return this.passed + this.cursor + 1;
  }
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function csvLine(fields: readonly string[], delimiter: string, quote: string): string {
  return fields
    .map((f) =>
      f.includes(delimiter) || f.includes(quote) || /[\r\n]/.test(f)
        ? quote + f.split(quote).join(quote + quote) + quote
        : f,
    )
    .join(delimiter);
}

export function requireRows(mapping: Mapping, format: string): RowsMapping {
  if (mapping.kind !== 'rows') {
    throw new MappingError(mapping.origin, [
      { path: '', message: `this is a GraphML mapping (node/edge); ${format} needs one with \`nodes\`` },
    ]);
  }
  return mapping;
}

export function mappedCsvParser(mapping: Mapping): Parser {
  const rows = requireRows(mapping, 'mapped CSV');
  const picked = [...rows.spec.nodes, ...(rows.spec.relationships ?? [])].some((t) => t.records !== undefined);
  if (picked)
    throw new MappingError(rows.origin, [
      { path: '', message: 'records: picks an array of a JSON document; a CSV file has rows only' },
    ]);
  const delimiter = rows.spec.csv?.delimiter ?? ',';
  const quote = rows.spec.csv?.quote ?? '"';
  const encoding = rows.spec.csv?.encoding === 'utf-8' ? 'utf8' : (rows.spec.csv?.encoding ?? 'utf8');

  return async function* parseMappedCsv(file: string, options: ParseOptions = {}): AsyncIterable<Parsed> {
    const index = new LineIndex(options.onBytes);
    const skipped: CsvError[] = [];
    const parser = parse({
      delimiter,
      quote,
      encoding,
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) skipped.push(error);
      },
    });
    pipeline(createReadStream(file), index, parser, () => {
      // Errors reach the loop below through the parser, which pipeline destroys with them.
    });

    const runner = new RowRunner(rows.rows, rows.dataset, options);
    let header: string[] | undefined;
    // csv-parse tells where it gave up; the unreadable text starts after the last record read.
    let lastEnd = 0;
    const lineOf = (error: CsvError) => (typeof error.lines === 'number' ? error.lines : 0);
    const unreadable = function* (beforeLine: number): Generator<Parsed> {
      while (skipped.length > 0 && lineOf(skipped[0]!) <= beforeLine) {
        const error = skipped.shift()!;
        yield runner.reject({ file, line: lastEnd + 1 }, `unreadable CSV: ${error.message}`, '');
      }
    };

    for await (const chunk of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const { record: fields, info } = chunk;
      const end = index.lineAt(info.bytes - 1);
      const line = end - fields.reduce((n, f) => n + lineBreaks(f), 0);
      yield* unreadable(line);
      lastEnd = end;
      if (header === undefined) {
        header = fields;
        const twice = header.filter((h, i) => header!.indexOf(h) !== i);
        const duplicated = rows.rows.columns.filter((c) => twice.includes(c.column));
        if (duplicated.length)
          throw new MappingError(
            rows.origin,
            duplicated.map((c) => ({
              path: c.path,
              message: `the column ${JSON.stringify(c.column)} appears twice in ${file}`,
            })),
          );
        checkHeader(rows, header, file);
        for (const warning of constantColumnWarnings(rows.rows, header))
          yield { where: { file, line }, warning: `${rows.origin}: ${warning}` };
        continue;
      }
      const where = { file, line };
      const raw = csvLine(fields, delimiter, quote);
      if (fields.length !== header.length) {
        yield runner.reject(where, `the row has ${fields.length} fields, the header has ${header.length}`, raw);
        continue;
      }
      const cells = new Map<string, string>();
      header.forEach((h, i) => cells.has(h) || cells.set(h, fields[i]!));
      yield* runner.run({ where, ctx: { get: (column) => cells.get(column) }, raw: () => raw });
    }
    yield* unreadable(Infinity);
    yield* runner.finish(file);
    if (header === undefined) {
      yield { where: { file }, warning: 'the file is empty: no header, no rows' };
    }
  };
}
