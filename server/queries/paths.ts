/**
 * Paths between nodes: the shortest, all the shortest, and the connecting subgraph of several nodes
 * (the union of shortest paths between each pair). Hop limits are validated integers before they
 * reach the Cypher text (Cypher takes no parameter there); everything else is a parameter.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json } from '../db/driver-values.js';
import type { RelationshipType } from '../model/graph-model.js';
import { graphOf } from './graph.js';
import type { Graph } from './graph.js';
import { isFact, nodesByIds, relationshipPattern, typeAlternatives } from './match.js';
import type { Direction } from './match.js';

export const MAX_HOPS = 10;

/** Accepted same-as links are always crossed: a path to one member of a cluster is a path to the entity. */
function pathTypes(types: readonly RelationshipType[] | undefined): string {
  return typeAlternatives(types?.length ? [...new Set([...types, 'SAME_AS' as const])] : undefined);
}

/** Only facts make a path: no proposal or rejected link on the way. */
const FACTS_ONLY = `WHERE all(r IN relationships(p) WHERE ${isFact('r')})`;

export interface PathOptions {
  readonly from: string;
  readonly to: string;
  readonly maxHops: number;
  readonly types?: readonly RelationshipType[];
  /** out: every hop follows its relationship's direction from `from` towards `to`; in: against it. */
  readonly direction?: Direction;
  readonly all: boolean;
  readonly limit: number;
}

export interface PathAnswer extends Graph {
  readonly paths: { nodes: string[]; edges: string[] }[];
}

function hops(maxHops: number): string {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_HOPS)
    throw new Error(`maxHops out of range: ${maxHops}`);
  return `*..${maxHops}`;
}

interface JsonPathShape {
  nodes: { id?: string; elementId: string }[];
  relationships: { id?: string; elementId: string }[];
}

function answer(paths: Json[]): PathAnswer {
  const graph = graphOf(paths);
  return {
    ...graph,
    paths: (paths as unknown as JsonPathShape[]).map((p) => ({
      nodes: p.nodes.map((n) => n.id ?? n.elementId),
      edges: p.relationships.map((r) => r.id ?? r.elementId),
    })),
  };
}

export async function shortestPaths(executor: Executor, options: PathOptions): Promise<PathAnswer> {
  const pattern = relationshipPattern('', pathTypes(options.types), options.direction ?? 'both', hops(options.maxHops));
  const fn = options.all ? 'allShortestPaths' : 'shortestPath';
  const rows = await executor.rows<{ p: Json }>(
    `${nodesByIds([options.from], 'fromIds', 'a')}
     ${nodesByIds([options.to], 'toIds', 'b')}
     MATCH p = ${fn}((a)${pattern}(b))
     ${FACTS_ONLY}
     RETURN p LIMIT $limit`,
    { fromIds: [options.from], toIds: [options.to], limit: neo4j.int(options.limit) },
  );
  return answer(rows.map((r) => r.p));
}

export interface ConnectOptions {
  readonly ids: readonly string[];
  readonly maxHops: number;
  readonly types?: readonly RelationshipType[];
}

/** The paths that join a set of nodes: one shortest path per pair, merged. */
export async function connectingSubgraph(executor: Executor, options: ConnectOptions): Promise<PathAnswer> {
  const pattern = relationshipPattern('', pathTypes(options.types), 'both', hops(options.maxHops));
  const rows = await executor.rows<{ p: Json }>(
    `${nodesByIds(options.ids, 'ids', 'a')}
     WITH collect(a) AS nodes
     UNWIND range(0, size(nodes) - 2) AS i
     UNWIND range(i + 1, size(nodes) - 1) AS j
     WITH nodes[i] AS a, nodes[j] AS b
     MATCH p = shortestPath((a)${pattern}(b))
     ${FACTS_ONLY}
     RETURN p`,
    { ids: options.ids },
  );
  return answer(rows.map((r) => r.p));
}
