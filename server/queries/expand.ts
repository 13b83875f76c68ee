/**
 * The neighbours of one or more nodes, filtered by relationship type, direction, neighbour label and
 * a time window on neighbouring messages; one page at a time, with how many more there are, so a hub
 * with thousands of neighbours opens as a page and a "show more", not a frozen browser.
 *
 * The cost of an answer follows its page, not the hub's degree: the neighbours are grouped by
 * relationship type and direction, each group counted from Neo4j's degree store when nothing filters
 * it (`COUNT { (s)-[:T]->() }` reads no relationship), and the page is read from the groups it
 * falls in, each walk stopping once it has what the page needs. Within a group neighbours come in
 * the order Neo4j keeps the node's relationships of that type (for a hub, the latest loaded first).
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json } from '../db/driver-values.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { RELATIONSHIPS } from '../model/graph-model.js';
import type { NodeLabel, RelationshipType } from '../model/graph-model.js';
import { toNeo4jDateTime } from '../db/driver-values.js';
import { graphOf } from './graph.js';
import type { Graph } from './graph.js';
import { EXPLORE_TYPES, isFact, nodesByIds, sameAsCluster } from './match.js';
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

/** How many neighbours one relationship type and direction holds, over every requested node. */
export interface ExpandGroup {
  readonly type: RelationshipType;
  readonly direction: 'out' | 'in';
  readonly total: number;
}

export interface ExpandAnswer extends Graph {
  readonly total: number;
  readonly offset: number;
  readonly more: number;
  /** The totals per type and direction (only those with neighbours), in page order. */
  readonly groups: ExpandGroup[];
}

interface Group {
  readonly type: RelationshipType;
  readonly direction: 'out' | 'in';
}

/** One requested node's member (itself, or a same-as member) with its count per group. */
interface Member {
  readonly s: string;
  /** Cluster members its neighbours must not be (a member's links to its own cluster are not news). */
  readonly avoid: string[];
  readonly counts: number[];
}

/** A run of neighbours of one member in one group: skip `skip`, take `take`. */
export interface Slice {
  readonly member: number;
  readonly group: number;
  readonly skip: number;
  readonly take: number;
}

/** Types whose links carry a decision (a proposal is not a fact until accepted). */
const DECIDED = new Set<string>(
  Object.entries(RELATIONSHIPS)
    .filter(([, def]) => 'status' in def.properties)
    .map(([type]) => type),
);

/** The groups of a request in page order: by type, outgoing before incoming. */
export function groupsOf(types: readonly RelationshipType[], direction: Direction): Group[] {
  const directions: ('out' | 'in')[] = direction === 'both' ? ['out', 'in'] : [direction];
  return [...types].sort().flatMap((type) => directions.map((d) => ({ type, direction: d })));
}

/**
 * The slices a page [offset, offset + limit) covers, walking groups in order and, within each, the
 * members in order: pure, so the paging arithmetic is tested without a database.
 */
export function slicesOf(counts: readonly (readonly number[])[], offset: number, limit: number): Slice[] {
  const slices: Slice[] = [];
  const groups = counts[0]?.length ?? 0;
  let position = 0;
  const end = offset + limit;
  for (let group = 0; group < groups && position < end; group++) {
    for (let member = 0; member < counts.length && position < end; member++) {
      const count = counts[member]![group]!;
      const skip = Math.max(0, offset - position);
      const take = Math.min(count, end - position) - skip;
      if (take > 0) slices.push({ member, group, skip, take });
      position += count;
    }
  }
  return slices;
}

function arrow(group: Group, pattern: string, variable = ''): string {
  const rel = `[${variable}:${quoteIdentifier(group.type)}]`;
  return group.direction === 'out' ? `(s)-${rel}->(${pattern})` : `(s)<-${rel}-(${pattern})`;
}

export async function expand(executor: Executor, options: ExpandOptions): Promise<ExpandAnswer> {
  const groups = groupsOf(options.types?.length ? options.types : EXPLORE_TYPES, options.direction);
  const filters = [
    options.labels?.length ? 'any(l IN labels(m) WHERE l IN $labels)' : null,
    options.from ? '(NOT m:Message OR m.sentTo >= $from)' : null,
    options.to ? '(NOT m:Message OR m.sentFrom <= $to)' : null,
    options.exclude?.length ? 'NOT m.id IN $exclude' : null,
  ].filter((f): f is string => f !== null);
  const where = (group: Group, avoid: string) => {
    const all = [...filters, avoid, ...(DECIDED.has(group.type) ? [isFact('r')] : [])];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  };
  const params = {
    ids: options.ids,
    labels: options.labels ?? null,
    from: options.from ? toNeo4jDateTime(options.from) : null,
    to: options.to ? toNeo4jDateTime(options.to) : null,
    exclude: options.exclude ?? [],
  };
  // A node with accepted same-as links opens as one entity: the neighbours of every member, each on
  // the member it is linked to (the canvas shows the members and their SAME_AS links). A group
  // that nothing filters is counted from the degree store.
  const counted = groups.map((group) => {
    const filtered = `COUNT { MATCH ${arrow(group, 'm', 'r')} ${where(group, 'NOT elementId(m) IN avoid')} }`;
    return filters.length || DECIDED.has(group.type)
      ? filtered
      : `CASE WHEN size(avoid) = 0 THEN COUNT { ${arrow(group, '')} } ELSE ${filtered} END`;
  });
  const members = await executor.rows<Member>(
    `${nodesByIds(options.ids, 'ids')}
     WITH n, ${sameAsCluster('n')} AS cluster
     UNWIND cluster AS s
     WITH n, s, CASE WHEN s = n THEN [] ELSE [c IN cluster | elementId(c)] END AS avoid
     ORDER BY n.id, s.id
     RETURN elementId(s) AS s, avoid, [${counted.join(', ')}] AS counts`,
    params,
  );
  const counts = members.map((m) => m.counts);
  const totals = groups.map((_, g) => counts.reduce((sum, c) => sum + c[g]!, 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const slices = slicesOf(counts, options.offset, options.limit);
  const page = slices.length ? await readSlices(executor, groups, slices, members, where, params) : [];
  return {
    ...graphOf(page),
    total,
    offset: options.offset,
    more: Math.max(0, total - options.offset - slices.reduce((n, s) => n + s.take, 0)),
    groups: groups.map((g, i) => ({ ...g, total: totals[i]! })).filter((g) => g.total > 0),
  };
}

/** Reads the page's slices in one query: each walks its member's relationships of one group and stops early. */
async function readSlices(
  executor: Executor,
  groups: readonly Group[],
  slices: readonly Slice[],
  members: readonly Member[],
  where: (group: Group, avoid: string) => string,
  params: Record<string, unknown>,
): Promise<Json[]> {
  const used = [...new Set(slices.map((s) => s.group))];
  // Cypher's LIMIT cannot depend on a row, so every walk stops at the longest slice's end.
  const end = Math.max(...slices.map((s) => s.skip + s.take));
  const branches = used.map(
    (g) => `WITH s, slice WHERE slice.group = ${g}
       RETURN COLLECT {
         MATCH ${arrow(groups[g]!, 'm', 'r')} ${where(groups[g]!, 'NOT elementId(m) IN slice.avoid')}
         RETURN [s, r, m] LIMIT $end
       } AS found`,
  );
  const rows = await executor.rows<{ found: Json[] }>(
    `UNWIND $slices AS slice
     MATCH (s) WHERE elementId(s) = slice.s
     CALL (s, slice) { ${branches.join(' UNION ALL ')} }
     RETURN found[slice.skip..slice.skip + slice.take] AS found
     ORDER BY slice.i`,
    {
      ...params,
      end: neo4j.int(end),
      slices: slices.map((slice, i) => ({
        i,
        s: members[slice.member]!.s,
        avoid: members[slice.member]!.avoid,
        group: slice.group,
        skip: neo4j.int(slice.skip),
        take: neo4j.int(slice.take),
      })),
    },
  );
  return rows.flatMap((r) => r.found);
}
