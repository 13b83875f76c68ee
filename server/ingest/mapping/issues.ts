/** A problem of the mapping itself, found before any row is read. */
export interface MappingIssue {
  readonly path: string;
  readonly message: string;
}
