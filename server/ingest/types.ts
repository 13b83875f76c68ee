/** What every parser yields: a dataset record (or why one could not be read), and where it came from. */
export interface Location {
  readonly file: string;
  /** 1-based line for line-oriented formats. */
  readonly line?: number;
  /** JSON pointer for records inside one JSON document. */
  readonly pointer?: string;
  /** The record's own identity in its format (a Message-ID, a tweet id), when it has one. */
  readonly record?: string;
}

/**
 * A record to validate and load; or an input that could not be read at all (rejected and kept); or a
 * problem that did not stop a record from loading with what was valid (a malformed header, a
 * missing date), reported beside the load.
 */
export type Parsed =
  | { readonly where: Location; readonly record: unknown }
  | { readonly where: Location; readonly error: string; readonly raw: string }
  | { readonly where: Location; readonly warning: string };

/** What became of one input row (a CSV row, a JSON element, a GraphML node or edge). */
export type RowOutcome = 'loaded' | 'rejected' | 'nothing';

export interface ParseOptions {
  /** Told how many bytes of the file have been consumed, for progress. */
  readonly onBytes?: (bytes: number) => void;
  /**
   * Told, by the mapped formats, what became of each input row, so a load can show
   * read = loaded + rejected + produced nothing (a row can yield several records, or none).
   */
  readonly onRow?: (outcome: RowOutcome, where: Location) => void;
}

export type Parser = (file: string, options?: ParseOptions) => AsyncIterable<Parsed>;

export function describeLocation(where: Location): string {
  const place =
    where.line !== undefined
      ? `${where.file}:${where.line}`
      : where.pointer !== undefined
        ? `${where.file}#${where.pointer}`
        : where.file;
  return where.record !== undefined ? `${place} (${where.record})` : place;
}
