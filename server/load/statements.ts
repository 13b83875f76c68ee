/**
 * The MERGE statements the writer runs, generated from the model: one per node label and one per
 * (relationship type, from label, to label). Pure, so golden tests can read them. Identifiers come
 * from the model's allowlist and are backtick-quoted; every value is a parameter.
 */
import { quoteIdentifier as ident } from '../model/identifiers.js';
import { NODES, relationshipProperties } from '../model/schema.js';
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

function origin(variable: string): string {
  return `${variable}.loadedFrom = row.prov.file, ${variable}.loadedRecord = row.prov.record, ${variable}.loader = row.prov.loader`;
}

/** Provenance: the first origin on creation, and every run that has seen it. */
function provenanceClauses(variable: string): string[] {
  const runs = `coalesce(${variable}.loadRuns, [])`;
  return [
    `ON CREATE SET ${origin(variable)}`,
    `SET ${variable}.loadRuns = CASE WHEN row.prov.run IN ${runs} THEN ${variable}.loadRuns ELSE ${runs} + row.prov.run END`,
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
    `MERGE (a)-[r:${ident(type)} {id: row.id}]->(b)`,
    ...provenanceClauses('r'),
    'SET r += row.props',
    ...accumulateClauses('r', relationshipProperties(type)),
  ].join('\n');
}
