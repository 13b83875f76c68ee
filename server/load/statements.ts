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

export function nodeMergeStatement(label: NodeLabel): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (n:${ident(label)} {id: row.id})`,
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
    'ON CREATE SET a += row.fromKey',
    `MERGE (b:${ident(to)} {id: row.to})`,
    'ON CREATE SET b += row.toKey',
    `MERGE (a)-[r:${ident(type)} {id: row.id}]->(b)`,
    'SET r += row.props',
    ...accumulateClauses('r', relationshipProperties(type)),
  ].join('\n');
}
