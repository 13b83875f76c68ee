/** What every parser yields: a dataset record (or why one could not be read), and where it came from. */
export interface Location {
  readonly file: string;
  /** 1-based line for line-oriented formats. */
  readonly line?: number;
  /** JSON pointer for records inside one JSON document. */
  readonly pointer?: string;
}

export type Parsed =
  | { readonly where: Location; readonly record: unknown }
  | { readonly where: Location; readonly error: string; readonly raw: string };

export interface ParseOptions {
  /** Told how many bytes of the file have been consumed, for progress. */
  readonly onBytes?: (bytes: number) => void;
}

export type Parser = (file: string, options?: ParseOptions) => AsyncIterable<Parsed>;

export function describeLocation(where: Location): string {
  if (where.line !== undefined) return `${where.file}:${where.line}`;
  if (where.pointer !== undefined) return `${where.file}#${where.pointer}`;
  return where.file;
}
