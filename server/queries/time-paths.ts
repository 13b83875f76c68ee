/**
 * Time-respecting paths: "could A have learned it from B before C acted?". The walk runs in rounds
 * against Neo4j, one query per round for the whole frontier (its hops out of every node reached last
 * round, filtered by time in Cypher), and the bookkeeping in `time-order.ts`. A round reads only the
 * hops of the nodes that moved, so the cost follows what is reachable in the window, not the graph.
 *
 * A hop is a message from its sender to each receiver (TO, CC, BCC, or a mention: the mentioned
 * party can see it), a retweet (the retweeter saw the original before retweeting), or an identity
 * link (a person and the account they control, an accepted same-as), which holds at any time.
 * A message known only relative to another ("15 minutes after") takes its time from that statement,
 * widened by the statement's precision, and says so.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json, JsonNode } from '../db/driver-values.js';
import { AppError } from '../errors.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { PRIVATE_MESSAGE_KINDS, RELATIONSHIPS, RELATIONSHIP_TYPES } from '../model/graph-model.js';
import type { RelationshipType } from '../model/graph-model.js';
import { graphNode, graphOf } from './graph.js';
import type { Graph, GraphNode } from './graph.js';
import { isFact, labelFor, nodesByIds } from './match.js';
import { MESSAGE_TIME } from './message-time.js';
import { shortestPaths } from './paths.js';
import {
  mirror,
  mirrorHop,
  NEGATIVE_INFINITY,
  orderAfter,
  POSITIVE_INFINITY,
  relax,
  route as routeTo,
} from './time-order.js';
import type { Arrival, Hop, Interval, Limits, Order } from './time-order.js';

/** Who sends: the labels a SENT relationship starts from. */
const SENDERS = RELATIONSHIPS.SENT.from;
/** The relationships by which a message reaches a party: every type from a message to an account. */
const RECEIVING: readonly RelationshipType[] = RELATIONSHIP_TYPES.filter((t) => {
  const def = RELATIONSHIPS[t] as { from: readonly string[]; to: readonly string[] };
  return def.from.includes('Message') && def.to.includes('Account');
});
/** Links that make two nodes one party, whatever the time. */
const IDENTITY: readonly RelationshipType[] = (['CONTROLS', 'RESOLVED_TO', 'SAME_AS'] as const).filter((t) =>
  RELATIONSHIP_TYPES.includes(t),
);

/** A message reaches a party it names only when the party can see it: no mention in a private message. */
const REACHES = "(type(r) <> 'MENTIONS' OR NOT m.kind IN $private)";

const labels = (v: string) => SENDERS.map((l) => `${v}:${quoteIdentifier(l)}`).join(' OR ');
const types = (list: readonly RelationshipType[]) => list.map(quoteIdentifier).join('|');

/**
 * One round's statement. Forward: the hops out of each frontier node that can come after it had the
 * information. Backward: the hops into it that can come before its deadline. Everything that varies
 * is a parameter; only the direction picks the text.
 */
export function roundStatement(direction: 'forward' | 'backward'): string {
  const hops =
    direction === 'forward'
      ? `MATCH (x)-[:SENT]->(m:Message)-[r:${types(RECEIVING)}]->(y)
    WHERE (${labels('y')}) AND y <> x AND m.kind <> 'conversation' AND ${REACHES}
    RETURN m, y, type(r) AS role, 'message' AS kind
    UNION
    MATCH (x)-[:SENT]->(:Message)<-[:RETWEETS]-(m:Message)<-[:SENT]-(y)
    WHERE y <> x
    RETURN m, y, 'RETWEETS' AS role, 'retweet' AS kind`
      : `MATCH (y)-[:SENT]->(m:Message)-[r:${types(RECEIVING)}]->(x)
    WHERE (${labels('y')}) AND y <> x AND m.kind <> 'conversation' AND ${REACHES}
    RETURN m, y, type(r) AS role, 'message' AS kind
    UNION
    MATCH (x)-[:SENT]->(m:Message)-[:RETWEETS]->(:Message)<-[:SENT]-(y)
    WHERE y <> x
    RETURN m, y, 'RETWEETS' AS role, 'retweet' AS kind`;
  // Forward, a hop must be able to come after the node had it (and soon enough); backward, before
  // the node's deadline (and not too long before).
  const fits =
    direction === 'forward'
      ? 'tTo >= f.from AND ($maxDelay IS NULL OR tFrom <= f.to + $maxDelay)'
      : 'tFrom <= f.to AND ($maxDelay IS NULL OR tTo >= f.from - $maxDelay)';
  const [fromEnd, toEnd] = direction === 'forward' ? ['x', 'y'] : ['y', 'x'];
  return `UNWIND $frontier AS f
CALL (f) {
  ${SENDERS.map((l) => `MATCH (x:${quoteIdentifier(l)}) WHERE x.id = f.id RETURN x`).join('\n  UNION ')}
}
CALL (x) {
    ${hops}
    UNION
    MATCH (x)-[r:${types(IDENTITY)}]-(y)
    WHERE ${isFact('r')}
    RETURN null AS m, y, type(r) AS role, 'identity' AS kind
}
WITH f, x, m, y, role, kind
${MESSAGE_TIME}
WITH f, x, m, y, role, kind, tFrom, tTo, derived
WHERE kind = 'identity' OR (tFrom IS NOT NULL AND ${fits} AND tTo >= $windowFrom AND tFrom <= $windowTo)
RETURN ${fromEnd}.id AS from, ${toEnd}.id AS to, m.id AS via, kind, role, tFrom, tTo, derived
LIMIT $cap`;
}

export interface TimePathOptions {
  readonly from: string;
  readonly to: string;
  /** Window every hop must overlap (ISO 8601); open when absent. */
  readonly after?: string | undefined;
  readonly before?: string | undefined;
  readonly maxDelayMinutes?: number | undefined;
  readonly maxHops: number;
  /** earliest: the soonest the information could reach `to`; latest: the latest it could leave `from`. */
  readonly mode: 'earliest' | 'latest';
}

export interface TimedHop {
  readonly from: GraphNode;
  readonly to: GraphNode;
  readonly kind: Hop['kind'];
  readonly role: string;
  readonly message: GraphNode | null;
  readonly time: {
    readonly from: string;
    readonly to: string;
    readonly precision: string;
    /** Set when the time comes from a stated delay after another message, not a timestamp. */
    readonly derived?: { anchor: string; delay: string; asStated: string };
  } | null;
  /** Relative to the timed hop before it: certainly after, or only possibly (overlapping times). */
  readonly order: Order | null;
  /** When the message itself shows the order (it replies to, refers to or re-publishes the one before). */
  readonly orderBasis: string | null;
  readonly sources: { source: GraphNode; quote: string | null }[];
}

export interface TimePathAnswer extends Graph {
  readonly mode: 'earliest' | 'latest';
  readonly reached: boolean;
  /** earliest: when `to` could first have it; latest: the latest moment it could leave `from`. */
  readonly at: { from: string; to: string } | null;
  readonly hops: TimedHop[];
  /** The ordinary shortest path, blind to time, for contrast: its length and its nodes. */
  readonly ordinary: { hops: number; nodes: string[] } | null;
  /** A round hit the row cap: some hops were not considered, and a sooner path may exist. */
  readonly truncated: boolean;
  /** Hops of the walk whose order is only possible, in words, for the analyst. */
  readonly notes: string[];
}

/** Rows read per round at most; a walk that needs more says it was cut. */
export const ROUND_CAP = 20_000;
/** Frontier nodes per round at most. */
export const FRONTIER_CAP = 5_000;

interface RoundRow {
  from: string;
  to: string;
  via: string | null;
  kind: Hop['kind'];
  role: string;
  tFrom: number | null;
  tTo: number | null;
  derived: { anchor: string; delay: string; asStated: string } | null;
}

interface Walk {
  readonly arrivals: Map<string, Arrival>;
  readonly derived: Map<string, NonNullable<RoundRow['derived']>>;
  readonly truncated: boolean;
}

function millis(iso: string | undefined, fallback: number): number {
  return iso === undefined ? fallback : Date.parse(iso);
}

/**
 * The walk from `start`: forward in time, or backward (on mirrored times, see time-order.ts).
 * Arrivals are kept in the walk's own time axis.
 */
async function walk(
  executor: Executor,
  start: string,
  direction: 'forward' | 'backward',
  options: Omit<TimePathOptions, 'from' | 'to' | 'mode'>,
): Promise<Walk> {
  labelFor(start, direction === 'forward' ? 'from' : 'to');
  const realWindow: Interval = {
    from: millis(options.after, NEGATIVE_INFINITY),
    to: millis(options.before, POSITIVE_INFINITY),
  };
  const backward = direction === 'backward';
  const limits: Limits = {
    maxDelayMs: options.maxDelayMinutes === undefined ? null : options.maxDelayMinutes * 60_000,
    window: backward ? mirror(realWindow) : realWindow,
  };
  const begin = backward ? limits.window.from : realWindow.from;
  // The start has it from the window's opening on, so no delay limit applies to its first hop.
  const arrivals = new Map<string, Arrival>([
    [start, { at: { from: begin, to: POSITIVE_INFINITY }, hops: 0, by: null }],
  ]);
  const derived = new Map<string, NonNullable<RoundRow['derived']>>();
  const statement = roundStatement(direction);
  let frontier = new Set([start]);
  let truncated = false;
  for (let round = 0; round < options.maxHops * 2 && frontier.size > 0; round++) {
    const ids = [...frontier];
    if (ids.length > FRONTIER_CAP) truncated = true;
    const rows = await executor.rows<RoundRow>(statement, {
      frontier: ids.slice(0, FRONTIER_CAP).map((id) => {
        const at = arrivals.get(id)!.at;
        return { id, ...(backward ? mirror(at) : at) };
      }),
      maxDelay: limits.maxDelayMs,
      private: PRIVATE_MESSAGE_KINDS,
      windowFrom: realWindow.from,
      windowTo: realWindow.to,
      cap: neo4j.int(ROUND_CAP),
    });
    if (rows.length >= ROUND_CAP) truncated = true;
    const hops = rows.map((r): Hop => {
      if (r.via && r.derived) derived.set(r.via, r.derived);
      const hop: Hop = {
        from: r.from,
        to: r.to,
        via: r.via,
        kind: r.kind,
        role: r.role,
        time: r.tFrom === null || r.tTo === null ? null : { from: r.tFrom, to: r.tTo },
      };
      return backward ? mirrorHop(hop) : hop;
    });
    // Identity hops keep the hop count, so they get rounds of their own: twice maxHops in all.
    frontier = relax(arrivals, hops, limits, options.maxHops);
  }
  return { arrivals, derived, truncated };
}

interface DetailRow {
  n: JsonNode;
  sources: { source: JsonNode; quote: string | null }[];
}

/** The nodes of a route with their sources, and the relationships that make each hop. */
async function details(
  executor: Executor,
  hops: readonly Hop[],
): Promise<{ nodes: Map<string, DetailRow>; graph: Graph }> {
  const ids = [...new Set(hops.flatMap((h) => [h.from, h.to, ...(h.via ? [h.via] : [])]))];
  if (ids.length === 0) return { nodes: new Map(), graph: { nodes: [], edges: [] } };
  const [rows, links] = await Promise.all([
    executor.rows<DetailRow>(
      `${nodesByIds(ids, 'ids')}
       RETURN n, COLLECT { MATCH (n)-[s:SUPPORTED_BY]->(src:Source) RETURN {source: src, quote: s.quote} } AS sources`,
      { ids },
    ),
    executor.rows<{ p: Json }>(
      `${nodesByIds(ids, 'ids')}
       WITH collect(n) AS found
       UNWIND $hops AS hop
       WITH hop, [x IN found WHERE x.id = hop.from][0] AS a, [x IN found WHERE x.id = hop.to][0] AS b
       CALL (hop, a, b) {
         MATCH p = (a)-[:SENT]->(m:Message {id: hop.via})-[r]->(b) WHERE type(r) = hop.role RETURN p
         UNION
         MATCH p = (a)-[:SENT]->(:Message)<-[:RETWEETS]-(m:Message {id: hop.via})<-[:SENT]-(b) RETURN p
         UNION
         MATCH p = (a)-[r]-(b) WHERE hop.via IS NULL AND type(r) = hop.role RETURN p
       }
       RETURN p`,
      { ids, hops: hops.map((h) => ({ from: h.from, to: h.to, via: h.via, role: h.role })) },
    ),
  ]);
  const graph = graphOf([...rows.map((r) => r.n as unknown as Json), ...links.map((l) => l.p)]);
  return { nodes: new Map(rows.map((r) => [graphNode(r.n).id, r])), graph };
}

/** Links by which a message itself shows it came after another: a reply, a reference, a retweet. */
const SHOWS_ORDER: readonly RelationshipType[] = ['REPLIES_TO', 'REFERS_TO', 'RETWEETS'];

/**
 * For consecutive message hops, whether the later message replies to, refers to or re-publishes the
 * earlier (keyed "later\nearlier"): then their order is certain whatever the timestamps say.
 */
async function shownOrder(executor: Executor, hops: readonly Hop[]): Promise<Map<string, string>> {
  const vias = hops.flatMap((h) => (h.via ? [h.via] : []));
  const pairs = vias.slice(1).map((later, i) => ({ later, earlier: vias[i]! }));
  if (pairs.length === 0) return new Map();
  const rows = await executor.rows<{ later: string; earlier: string; type: string }>(
    `UNWIND $pairs AS pair
     MATCH (:Message {id: pair.later})-[r:${types(SHOWS_ORDER)}]->(:Message {id: pair.earlier})
     RETURN pair.later AS later, pair.earlier AS earlier, min(type(r)) AS type`,
    { pairs },
  );
  return new Map(rows.map((r) => [`${r.later}\n${r.earlier}`, r.type]));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export async function timeRespectingPath(executor: Executor, options: TimePathOptions): Promise<TimePathAnswer> {
  labelFor(options.from, 'from');
  labelFor(options.to, 'to');
  if (options.from === options.to) {
    throw new AppError('invalid_parameter', 'to: the same node as from', 400, { parameter: 'to' });
  }
  if (options.after && options.before && Date.parse(options.after) > Date.parse(options.before)) {
    throw new AppError('invalid_parameter', 'after: the window ends before it starts', 400, { parameter: 'after' });
  }
  const forward = options.mode === 'earliest';
  const [{ arrivals, derived, truncated }, ordinary] = await Promise.all([
    walk(executor, forward ? options.from : options.to, forward ? 'forward' : 'backward', options),
    shortestPaths(executor, { from: options.from, to: options.to, maxHops: options.maxHops, all: false, limit: 1 }),
  ]);
  const end = forward ? options.to : options.from;
  const found = arrivals.get(end);
  const walked = found ? routeTo(arrivals, end) : [];
  // Backward walks run on mirrored time from `to`: turn the route round to read from `from`.
  const hops = forward ? walked : walked.map(mirrorHop).reverse();
  const [{ nodes, graph }, shown] = await Promise.all([details(executor, hops), shownOrder(executor, hops)]);
  const node = (id: string) => {
    const row = nodes.get(id);
    return row ? graphNode(row.n) : { id, label: 'Node', labels: [], caption: id, properties: {} };
  };
  let previous: Interval | null = null;
  let previousVia: string | null = null;
  const notes: string[] = [];
  const timed = hops.map((hop): TimedHop => {
    const message = hop.via ? node(hop.via) : null;
    const basis = hop.via && previousVia ? (shown.get(`${hop.via}\n${previousVia}`) ?? null) : null;
    const order = hop.time ? (basis ? 'certain' : orderAfter(previous, hop.time)) : null;
    if (order === 'possible') {
      notes.push(
        `${node(hop.from).caption} → ${node(hop.to).caption}: its time overlaps the hop before it, so it may have come first`,
      );
    }
    if (hop.via) previousVia = hop.via;
    if (hop.time) previous = hop.time;
    const when = derived.get(hop.via ?? '');
    return {
      from: node(hop.from),
      to: node(hop.to),
      kind: hop.kind,
      role: hop.role,
      message,
      time: hop.time && {
        from: iso(hop.time.from),
        to: iso(hop.time.to),
        precision: when ? 'derived' : String(message?.properties.sentPrecision ?? 'unknown'),
        ...(when ? { derived: when } : {}),
      },
      order,
      orderBasis: basis,
      sources: (hop.via ? (nodes.get(hop.via)?.sources ?? []) : []).map((s) => ({
        source: graphNode(s.source),
        quote: s.quote,
      })),
    };
  });
  const at = found ? (forward ? found.at : mirror(found.at)) : null;
  const shortest = ordinary.paths[0];
  return {
    ...graph,
    mode: options.mode,
    reached: Boolean(found),
    at: at && { from: iso(at.from), to: iso(at.to) },
    hops: timed,
    ordinary: shortest ? { hops: shortest.edges.length, nodes: shortest.nodes } : null,
    truncated,
    notes,
  };
}

export interface ReachOptions {
  readonly to: string;
  readonly before: string;
  readonly after?: string | undefined;
  readonly maxDelayMinutes?: number | undefined;
  readonly maxHops: number;
  readonly limit: number;
}

export interface ReachAnswer {
  readonly to: string;
  readonly before: string;
  /** Who could have got something to `to` by `before`, the latest moment they could have sent it, and in how many hops. */
  readonly reached: { node: GraphNode; latestDeparture: string; hops: number }[];
  readonly total: number;
  readonly truncated: boolean;
}

/** "Who could have reached X by time T": the backward walk's every node, latest departures first. */
export async function reachBy(executor: Executor, options: ReachOptions): Promise<ReachAnswer> {
  const { arrivals, truncated } = await walk(executor, options.to, 'backward', options);
  const found = [...arrivals.entries()]
    .filter(([id]) => id !== options.to)
    .map(([id, arrival]) => ({ id, latest: -arrival.at.from, hops: arrival.hops }))
    .sort((a, b) => b.latest - a.latest || a.hops - b.hops || a.id.localeCompare(b.id));
  const page = found.slice(0, options.limit);
  const rows = page.length
    ? await executor.rows<{ n: JsonNode }>(
        `${nodesByIds(
          page.map((p) => p.id),
          'ids',
        )} RETURN n`,
        {
          ids: page.map((p) => p.id),
        },
      )
    : [];
  const byId = new Map(rows.map((r) => [graphNode(r.n).id, graphNode(r.n)]));
  return {
    to: options.to,
    before: options.before,
    reached: page.flatMap((p) => {
      const node = byId.get(p.id);
      return node ? [{ node, latestDeparture: iso(Math.min(p.latest, POSITIVE_INFINITY)), hops: p.hops }] : [];
    }),
    total: found.length,
    truncated,
  };
}
