/**
 * A path answer read hop by hop, without a browser: for path i, each hop's relationship, the node it
 * starts from and reaches, whether the way runs along the relationship's arrow, and the source that
 * supports it (the first of the relationship's sources, with its quote).
 */
import type { ApiEdge, PathAnswer } from './types.js';

export interface Hop {
  readonly from: string;
  readonly to: string;
  readonly edge: ApiEdge;
  /** The way runs along the relationship's arrow (from its source to its target). */
  readonly forward: boolean;
  readonly source: { readonly id: string; readonly quote: string | null } | null;
}

function firstSource(edge: ApiEdge): Hop['source'] {
  const ids = edge.properties.sourceIds;
  const quotes = edge.properties.sourceQuotes;
  if (!Array.isArray(ids) || typeof ids[0] !== 'string') return null;
  const quote = Array.isArray(quotes) && typeof quotes[0] === 'string' ? quotes[0] : null;
  return { id: ids[0], quote };
}

/** The hops of path `index` (empty when there is no such path or an edge is missing from the answer). */
export function hopsOf(answer: PathAnswer, index: number): Hop[] {
  const path = answer.paths[index];
  if (!path) return [];
  const edges = new Map(answer.edges.map((e) => [e.id, e]));
  const hops: Hop[] = [];
  for (const [i, id] of path.edges.entries()) {
    const edge = edges.get(id);
    const from = path.nodes[i];
    const to = path.nodes[i + 1];
    if (!edge || from === undefined || to === undefined) return [];
    hops.push({ from, to, edge, forward: edge.source === from, source: firstSource(edge) });
  }
  return hops;
}

/** The ids (nodes and edges) of path `index`, to highlight it alone. */
export function idsOfPath(answer: PathAnswer, index: number): string[] {
  const path = answer.paths[index];
  return path ? [...path.nodes, ...path.edges] : [];
}
