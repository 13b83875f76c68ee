/**
 * One node with its properties, its degree per relationship type and direction, and the sources
 * that support it; and one relationship with its endpoints and its sources.
 */
import type { Executor } from '../db/executor.js';
import type { Json, JsonNode, JsonRelationship } from '../db/driver-values.js';
import { parseStatement, rankPart, SEP } from '../model/evidence.js';
import type { ReadStatement } from '../model/evidence.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { typeOfRelationshipId } from '../model/keys.js';
import { RELATIONSHIP_TYPES } from '../model/graph-model.js';
import { AppError } from '../errors.js';
import { graphNode } from './graph.js';
import type { GraphEdge, GraphNode } from './graph.js';
import { labelFor, NotFoundError } from './match.js';

export interface SourceCitation {
  readonly source: GraphNode;
  readonly quote: string | null;
}

/** One value a load gave a property, with where it came from; `shown` when it is the node's value. */
export interface StatedValue extends ReadStatement {
  readonly shown: boolean;
}

export interface EntityAnswer {
  readonly node: GraphNode;
  readonly degrees: { type: string; direction: 'out' | 'in'; count: number }[];
  readonly sources: SourceCitation[];
  /** Every value loaded for its properties, highest-ranked first, at most VALUES_PER_PROPERTY each. */
  readonly values: StatedValue[];
  /** Values left out of `values` (a property with a long history). */
  readonly valuesOmitted: number;
}

const VALUES_PER_PROPERTY = 50;

/** The node's statements read back, highest-ranked first within each property. */
export function statedValues(
  statements: readonly string[],
  properties: Record<string, Json>,
): { values: StatedValue[]; omitted: number } {
  const byProp = new Map<string, string[]>();
  for (const s of statements) {
    const prop = s.slice(0, s.indexOf(SEP));
    byProp.set(prop, [...(byProp.get(prop) ?? []), s]);
  }
  const values: StatedValue[] = [];
  let omitted = 0;
  for (const [prop, list] of [...byProp].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = [...list].sort((a, b) => (rankPart(a) < rankPart(b) ? 1 : rankPart(a) > rankPart(b) ? -1 : 0));
    omitted += Math.max(0, ranked.length - VALUES_PER_PROPERTY);
    for (const s of ranked.slice(0, VALUES_PER_PROPERTY)) {
      const read = parseStatement(s);
      values.push({ ...read, shown: JSON.stringify(read.value) === JSON.stringify(properties[prop] ?? null) });
    }
  }
  return { values, omitted };
}

export async function entity(executor: Executor, id: string): Promise<EntityAnswer> {
  const label = labelFor(id);
  // Degrees per model type and direction come from Neo4j's degree store (`COUNT { (n)-[:T]->() }`
  // reads no relationship), so a hub's details cost what a leaf's do.
  const degrees = RELATIONSHIP_TYPES.flatMap((type) =>
    (['out', 'in'] as const).map((direction) => {
      const rel = `[:${quoteIdentifier(type)}]`;
      const pattern = direction === 'out' ? `(n)-${rel}->()` : `(n)<-${rel}-()`;
      return `{type: '${type}', direction: '${direction}', count: COUNT { ${pattern} }}`;
    }),
  );
  const [row] = await executor.rows<{
    n: JsonNode;
    degrees: EntityAnswer['degrees'];
    sources: { source: JsonNode; quote: string }[];
  }>(
    `MATCH (n:${quoteIdentifier(label)} {id: $id})
     WITH n, [${degrees.join(', ')}] AS degrees
     OPTIONAL MATCH (n)-[s:SUPPORTED_BY]->(src:Source)
     RETURN n, degrees, collect(CASE WHEN src IS NULL THEN null ELSE {source: src, quote: s.quote} END) AS sources`,
    { id },
  );
  if (!row) throw new NotFoundError(`node ${id}`);
  const stated = statedValues((row.n.properties.statements as string[] | undefined) ?? [], row.n.properties);
  return {
    values: stated.values,
    valuesOmitted: stated.omitted,
    node: graphNode(row.n),
    degrees: row.degrees.filter((d) => d.count > 0).sort((a, b) => b.count - a.count),
    sources: row.sources.map((s) => ({ source: graphNode(s.source), quote: s.quote })),
  };
}

export interface RelationshipAnswer {
  readonly edge: GraphEdge;
  readonly source: GraphNode;
  readonly target: GraphNode;
  readonly sources: SourceCitation[];
}

export async function relationship(executor: Executor, id: string): Promise<RelationshipAnswer> {
  const type = typeOfRelationshipId(id);
  if (!type) {
    throw new AppError('invalid_parameter', `id: ${JSON.stringify(id)} is not a Backchannel relationship id`, 400, {
      parameter: 'id',
    });
  }
  const [row] = await executor.rows<{ a: JsonNode; r: JsonRelationship; b: JsonNode; sources: JsonNode[] }>(
    `MATCH (a)-[r:${quoteIdentifier(type)} {id: $id}]->(b)
     OPTIONAL MATCH (src:Source) WHERE src.id IN coalesce(r.sourceIds, [])
     RETURN a, r, b, collect(src) AS sources`,
    { id },
  );
  if (!row) throw new NotFoundError(`relationship ${id}`);
  const source = graphNode(row.a);
  const target = graphNode(row.b);
  const ids = (row.r.properties.sourceIds as string[] | null) ?? [];
  const quotes = (row.r.properties.sourceQuotes as string[] | null) ?? [];
  const byId = new Map(row.sources.map((s) => [s.id, graphNode(s)]));
  const sources: SourceCitation[] = [];
  ids.forEach((sid, i) => {
    const node = byId.get(sid);
    if (node) sources.push({ source: node, quote: quotes[i] ?? null });
  });
  if (type === 'SUPPORTED_BY') sources.push({ source: target, quote: (row.r.properties.quote as string) ?? null });
  return {
    edge: { id, type, source: source.id, target: target.id, properties: row.r.properties as Record<string, Json> },
    source,
    target,
    sources,
  };
}
