/**
 * The neighbours of one or more nodes, filtered by relationship type, direction, neighbour label and
 * a time window on neighbouring messages; one page at a time, with how many more there are, so a hub
 * with thousands of neighbours opens as a page and a "show more", not a frozen browser.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json } from '../db/values.js';
import type { NodeLabel, RelationshipType } from '../model/schema.js';
import { toNeo4jDateTime } from '../load/values.js';
import { graphOf } from './graph.js';
import type { Graph } from './graph.js';
import { isFact, nodesByIds, relationshipPattern, sameAsCluster, typeAlternatives } from './match.js';
import type { Direction } from './match.js';

export interface ExpandOptions {
  readonly ids: readonly string[];
  readonly types?: readonly RelationshipType[];
  readonly direction: Direction;
  readonly labels?: readonly NodeLabel[];
  /** ISO datetimes: neighbouring messages must overlap [from, to]; other neighbours are not filtered. */
  readonly from?: string;
  readonly to?: string;
  /** Neighbours already on the canvas, left out of the page (and of the count). */
  readonly exclude?: readonly string[];
  readonly offset: number;
  readonly limit: number;
}

export interface ExpandAnswer extends Graph {
  readonly total: number;
  readonly offset: number;
  readonly more: number;
}

export async function expand(executor: Executor, options: ExpandOptions): Promise<ExpandAnswer> {
  const pattern = relationshipPattern('r', typeAlternatives(options.types), options.direction);
  const [row] = await executor.rows<{ total: number; page: Json[] }>(
    // A node with accepted same-as links opens as one entity: the neighbours of every member, each
    // on the member it is linked to (the canvas shows the members and their SAME_AS links).
    `${nodesByIds(options.ids, 'ids')}
     WITH n, ${sameAsCluster('n')} AS cluster
     UNWIND cluster AS s
     MATCH (s)${pattern}(m)
     WHERE ${isFact('r')} AND (s = n OR NOT m IN cluster)
       AND ($labels IS NULL OR any(l IN labels(m) WHERE l IN $labels))
       AND ($from IS NULL OR NOT m:Message OR m.sentTo >= $from)
       AND ($to IS NULL OR NOT m:Message OR m.sentFrom <= $to)
       AND NOT m.id IN $exclude
     WITH s, r, m ORDER BY type(r), m.sentFrom, m.id
     WITH collect([s, r, m]) AS rows
     RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS page`,
    {
      ids: options.ids,
      labels: options.labels?.length ? options.labels : null,
      from: options.from ? toNeo4jDateTime(options.from) : null,
      to: options.to ? toNeo4jDateTime(options.to) : null,
      exclude: options.exclude ?? [],
      offset: neo4j.int(options.offset),
      limit: neo4j.int(options.limit),
    },
  );
  const total = row?.total ?? 0;
  const page = row?.page ?? [];
  const graph = graphOf(page);
  return { ...graph, total, offset: options.offset, more: Math.max(0, total - options.offset - page.length) };
}
