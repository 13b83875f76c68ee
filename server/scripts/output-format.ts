/**
 * Rendering of query results for a terminal (table) or for other programs (json, ndjson, csv). Values
 * arrive as plain JSON; graph entities are recognised by shape since JSON carries no types. Every
 * format ends with a newline so output can be written to stdout as is.
 */

export interface ResultSet {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

export interface FormatOptions {
  /** Widest a table cell may be, in characters, before it is cut with '…'. */
  readonly maxWidth?: number;
  /** Whether the rows were capped, so the table's footer says the result is partial. */
  readonly truncated?: boolean;
}

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

export const DEFAULT_MAX_WIDTH = 60;
const CAPTION_KEYS = ['name', 'handle', 'url', 'title', 'id'] as const;

interface GraphNode {
  readonly labels: readonly string[];
  readonly properties: Record<string, unknown>;
}

interface GraphRelationship {
  readonly type: string;
  readonly startElementId: string;
  readonly endElementId?: string;
}

interface GraphPath {
  readonly nodes: readonly unknown[];
  readonly relationships: readonly unknown[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNode(value: unknown): value is GraphNode {
  return isObject(value) && Array.isArray(value.labels) && isObject(value.properties);
}

function isRelationship(value: unknown): value is GraphRelationship {
  return isObject(value) && typeof value.type === 'string' && typeof value.startElementId === 'string';
}

function isPath(value: unknown): value is GraphPath {
  return isObject(value) && Array.isArray(value.nodes) && Array.isArray(value.relationships);
}

/** Row values in column order; a column a row lacks is null, as Neo4j itself would return. */
export function cells(result: ResultSet, row: Record<string, unknown>): unknown[] {
  return result.columns.map((column) => (Object.hasOwn(row, column) ? row[column] : null));
}

export function rowObject(result: ResultSet, row: Record<string, unknown>): Record<string, unknown> {
  const values = cells(result, row);
  return Object.fromEntries(result.columns.map((column, i) => [column, values[i]]));
}

/** Results are meant to be plain JSON, but a stray bigint must not crash the whole output. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, jsonReplacer, indent) ?? 'null';
}

// ---- table --------------------------------------------------------------------------------------

function caption(node: GraphNode): [string, unknown] | undefined {
  for (const key of CAPTION_KEYS) {
    const value = node.properties[key];
    if (value !== undefined && value !== null) return [key, value];
  }
  return undefined;
}

function renderNode(node: GraphNode): string {
  const labels = node.labels.map((label) => `:${String(label)}`).join('');
  const found = caption(node);
  const properties = found ? `{${found[0]}: ${toJson(found[1])}}` : '';
  return `(${[labels, properties].filter(Boolean).join(' ')})`;
}

/** Inside a path only the caption is shown: labels and keys would crowd the cell out at once. */
function renderPathNode(node: unknown): string {
  if (!isNode(node)) return `(${renderValue(node)})`;
  const found = caption(node);
  if (found) return `(${renderValue(found[1])})`;
  return `(${node.labels.map((label) => `:${String(label)}`).join('')})`;
}

function renderPath(path: GraphPath): string {
  const parts = [renderPathNode(path.nodes[0])];
  path.relationships.forEach((relationship, i) => {
    const from = path.nodes[i];
    const type = isRelationship(relationship) ? `[:${relationship.type}]` : `[${renderValue(relationship)}]`;
    // A path may walk a relationship against its direction; the arrow shows the stored direction.
    const backwards =
      isRelationship(relationship) && isObject(from) && from.elementId !== undefined
        ? relationship.startElementId !== from.elementId
        : false;
    parts.push(backwards ? `<-${type}-` : `-${type}->`, renderPathNode(path.nodes[i + 1]));
  });
  return parts.join('');
}

function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isPath(value)) return renderPath(value);
  if (isRelationship(value)) return `[:${value.type}]`;
  if (isNode(value)) return renderNode(value);
  const entries = Object.entries(value).map(([key, inner]) => `${key}: ${renderValue(inner)}`);
  return `{${entries.join(', ')}}`;
}

/**
 * Control characters would break the table's rows or, worse, let data send escape sequences to the
 * terminal: line breaks become a visible mark, the rest a visible escape.
 */
function sanitize(text: string): string {
  return (
    text
      .replace(/\r\n|\r|\n/g, '↵')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : sanitize(renderValue(value));
}

/** Lengths and cuts are in code points so surrogate pairs are never split. */
function truncate(text: string, maxWidth: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxWidth) return text;
  return `${chars.slice(0, Math.max(0, maxWidth - 1)).join('')}…`;
}

function width(text: string): number {
  return Array.from(text).length;
}

function pad(text: string, to: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return right ? fill + text : text + fill;
}

function footer(count: number, truncated: boolean | undefined): string {
  const rows = `${count} ${count === 1 ? 'row' : 'rows'}`;
  return truncated ? `${rows} (truncated: there are more; raise --max-rows to see them)` : rows;
}

export function formatTable(result: ResultSet, options: FormatOptions = {}): string {
  const maxWidth = Math.max(1, options.maxWidth ?? DEFAULT_MAX_WIDTH);
  const end = `${footer(result.rows.length, options.truncated)}\n`;
  // A statement without RETURN (a write, a schema command) has no columns to draw.
  if (result.columns.length === 0) return end;
  const header = result.columns.map((column) => truncate(sanitize(column), maxWidth));
  const values = result.rows.map((row) => cells(result, row));
  const body = values.map((row) => row.map((value) => truncate(cellText(value), maxWidth)));
  // A reduce, not Math.max(...): spreading a large result would overflow the argument limit.
  const widths = header.map((text, i) => body.reduce((max, line) => Math.max(max, width(line[i]!)), width(text)));
  // Numbers line up by their units digit only when right-aligned.
  const numeric = result.columns.map((_, i) => {
    const present = values.map((row) => row[i]).filter((value) => value !== null && value !== undefined);
    return present.length > 0 && present.every((value) => typeof value === 'number' || typeof value === 'bigint');
  });
  const line = (texts: string[]): string =>
    texts
      .map((text, i) => pad(text, widths[i]!, numeric[i]!))
      .join(' | ')
      .trimEnd();
  const separator = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(header), separator, ...body.map(line)].join('\n') + '\n' + end;
}

// ---- machine formats ----------------------------------------------------------------------------

export function formatJson(result: ResultSet): string {
  return `${toJson(
    result.rows.map((row) => rowObject(result, row)),
    2,
  )}\n`;
}

export function formatNdjson(result: ResultSet): string {
  return result.rows.map((row) => `${toJson(rowObject(result, row))}\n`).join('');
}

export function csvField(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'object') text = toJson(value);
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 fields, but with LF line ends: the consumers are Unix tools and spreadsheets accept both. */
export function formatCsv(result: ResultSet): string {
  const lines = [result.columns, ...result.rows.map((row) => cells(result, row))];
  return lines.map((line) => `${line.map(csvField).join(',')}\n`).join('');
}

export function formatResult(format: OutputFormat, result: ResultSet, options: FormatOptions = {}): string {
  switch (format) {
    case 'table':
      return formatTable(result, options);
    case 'json':
      return formatJson(result);
    case 'ndjson':
      return formatNdjson(result);
    case 'csv':
      return formatCsv(result);
  }
}
