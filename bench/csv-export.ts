/**
 * The same dataset as CSV files, one per node label and one per (relationship type, from, to), for
 * Neo4j's own bulk path (LOAD CSV … CALL { … } IN TRANSACTIONS), and the statements that load them
 * with the same MERGE semantics and constraints as Backchannel's writer.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { quoteIdentifier as ident } from '../server/model/identifiers.js';
import type { PropertySpec } from '../server/model/properties.js';
import { toWrites } from '../server/model/records.js';
import { NODES, relationshipProperties } from '../server/model/graph-model.js';
import { keyPattern } from '../server/load/statements.js';
import type { NodeLabel, RelationshipType } from '../server/model/graph-model.js';

export interface CsvFile {
  readonly file: string;
  readonly statement: string;
  rows: number;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = Array.isArray(value) ? value.join('|') : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function convert(spec: PropertySpec | undefined, expr: string): string {
  switch (spec?.type) {
    case 'datetime':
      return `datetime(${expr})`;
    case 'date':
      return `date(${expr})`;
    case 'integer':
      return `toInteger(${expr})`;
    case 'number':
      return `toFloat(${expr})`;
    case 'boolean':
      return `${expr} = 'true'`;
    case 'string[]':
      return `split(${expr}, '|')`;
    default:
      return expr;
  }
}

function sets(variable: string, columns: string[], specs: Readonly<Record<string, PropertySpec>>): string {
  return columns
    .map(
      (c) =>
        `${variable}.${ident(c)} = CASE WHEN row.${ident(c)} IS NULL THEN ${variable}.${ident(c)} ELSE ${convert(specs[c], `row.${ident(c)}`)} END`,
    )
    .join(', ');
}

/** Writes the CSVs (columns fixed by each group's properties in the model) and returns how to load them. */
export async function exportCsv(
  records: Iterable<Record<string, unknown>>,
  dir: string,
  batch: number,
): Promise<CsvFile[]> {
  const files = new Map<string, { out: WriteStream; columns: string[]; meta: CsvFile }>();
  const open = (key: string, columns: string[], statement: string) => {
    let entry = files.get(key);
    if (!entry) {
      const file = path.join(dir, `${key.replace(/[^A-Za-z0-9_-]+/g, '_')}.csv`);
      const out = createWriteStream(file);
      out.write(`${columns.join(',')}\n`);
      entry = { out, columns, meta: { file, statement, rows: 0 } };
      files.set(key, entry);
    }
    return entry;
  };
  for (const record of records) {
    for (const w of toWrites(record)) {
      let entry;
      let values: Record<string, unknown>;
      if (w.kind === 'node') {
        const specs = NODES[w.label as NodeLabel].properties as Record<string, PropertySpec>;
        const columns = ['id', ...Object.keys(specs)];
        entry = open(
          `node_${w.label}`,
          columns,
          `LOAD CSV WITH HEADERS FROM $url AS row CALL (row) { MERGE (n:${ident(w.label)} {id: row.id}) SET ${sets('n', columns.slice(1), specs)} } IN TRANSACTIONS OF ${batch} ROWS`,
        );
        values = { ...w.props, ...w.accumulate, id: w.id };
      } else {
        const specs = relationshipProperties(w.type as RelationshipType);
        const columns = ['from', 'to', 'id', ...Object.keys(specs)];
        entry = open(
          `rel_${w.type}_${w.from.label}_${w.to.label}`,
          columns,
          `LOAD CSV WITH HEADERS FROM $url AS row CALL (row) { MERGE (a:${ident(w.from.label)} {id: row.from}) MERGE (b:${ident(w.to.label)} {id: row.to}) MERGE (a)-[r:${ident(w.type)}${keyPattern(w.type as RelationshipType, 'row')}]->(b) ON CREATE SET r.id = row.id${sets('r', columns.slice(3), specs).replace(/^(?=.)/, ' SET ')} } IN TRANSACTIONS OF ${batch} ROWS`,
        );
        values = { ...w.props, ...w.accumulate, id: w.id, from: w.from.id, to: w.to.id };
      }
      entry.meta.rows++;
      if (!entry.out.write(`${entry.columns.map((c) => cell(values[c])).join(',')}\n`)) await once(entry.out, 'drain');
    }
  }
  await Promise.all([...files.values()].map(({ out }) => new Promise((resolve) => out.end(resolve))));
  // Nodes first, as the writer does.
  return [...files.entries()]
    .sort(([a], [b]) => (a.startsWith('node_') ? 0 : 1) - (b.startsWith('node_') ? 0 : 1))
    .map(([, v]) => v.meta);
}
