/**
 * The MERGE statements the writer runs, generated from the model: one per node label and one per
 * (relationship type, from label, to label). Pure, so golden tests can read them. Identifiers come
 * from the model's allowlist and are backtick-quoted; every value is a parameter.
 */
import { quoteIdentifier as ident } from '../model/identifiers.js';
import { NODES, RELATIONSHIPS, relationshipProperties } from '../model/schema.js';
import type { NodeLabel, RelationshipType } from '../model/schema.js';
import type { PropertySpec } from '../model/properties.js';

/** Adds new values to a stored list without repeating those already there. */
function accumulateClauses(variable: string, specs: Readonly<Record<string, PropertySpec>>): string[] {
  return Object.entries(specs)
    .filter(([, spec]) => spec.accumulate)
    .map(([name]) => {
      const stored = `coalesce(${variable}.${ident(name)}, [])`;
      const incoming = `row.acc.${ident(name)}`;
      return `SET ${variable}.${ident(name)} = CASE WHEN ${incoming} IS NULL THEN ${variable}.${ident(name)} ELSE ${stored} + [x IN ${incoming} WHERE NOT x IN ${stored}] END`;
    });
}

/** The run's constant provenance is the `$run` parameter; the record's file and place are in its row. */
function origin(variable: string): string {
  return `${variable}.loadedFrom = row.file, ${variable}.loadedRecord = row.record, ${variable}.loader = $run.loader`;
}

/** Provenance: the first origin on creation, and every run that has seen it. */
function provenanceClauses(variable: string): string[] {
  const runs = `coalesce(${variable}.loadRuns, [])`;
  return [
    `ON CREATE SET ${origin(variable)}`,
    `SET ${variable}.loadRuns = CASE WHEN $run.run IN ${runs} THEN ${variable}.loadRuns ELSE ${runs} + $run.run END`,
  ];
}

export function nodeMergeStatement(label: NodeLabel): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${ident(label)} {id: row.id})`,
    ...provenanceClauses('n'),
    'SET n += row.props',
    ...accumulateClauses('n', NODES[label].properties),
  ].join('\n');
}

export function relationshipMergeStatement(type: RelationshipType, from: NodeLabel, to: NodeLabel): string {
  // Endpoints are merged too: a relationship may arrive before its nodes (a reply to an email not
  // loaded yet); the stub carries its key and is completed when the node's own record arrives.
  return [
    'UNWIND $rows AS row',
    `MERGE (a:${ident(from)} {id: row.from})`,
    // A stub endpoint records the load that first named it.
    `ON CREATE SET a += row.fromKey, ${origin('a')}`,
    `MERGE (b:${ident(to)} {id: row.to})`,
    `ON CREATE SET b += row.toKey, ${origin('b')}`,
    // Matched on the type and key, which make the id (keys.ts), not on the id itself: with an index on
    // the id, the planner may seek it instead of expanding between the two bound nodes, and a seek has
    // to filter every relationship this transaction added (quadratic in the batch: 5,000 rows 3–4×
    // slower; chosen whenever the statistics say the type is small, as at the start of a load).
    `MERGE (a)-[r:${ident(type)}${keyPattern(type)}]->(b)`,
    'ON CREATE SET r.id = row.id',
    ...provenanceClauses('r'),
    'SET r += row.props',
    ...accumulateClauses('r', relationshipProperties(type)),
  ].join('\n');
}

/** The relationship's key properties as a MERGE pattern (`{role: row.props.role}`), or nothing. */
export function keyPattern(type: RelationshipType, values = 'row.props'): string {
  const key = RELATIONSHIPS[type].key as readonly string[];
  return key.length ? ` {${key.map((k) => `${ident(k)}: ${values}.${ident(k)}`).join(', ')}}` : '';
}
