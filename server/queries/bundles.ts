/**
 * Correspondence bundles: one aggregated edge per pair of parties and direction, with the number of
 * messages, the first and last time and the kinds of message, so a mailbox of thousands of emails
 * draws as a readable network. At `person` level an account is replaced by the person (or failing
 * that, the organization) that controls it.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json, JsonNode } from '../db/driver-values.js';
import { toNeo4jDateTime } from '../db/driver-values.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';
import { nodesByIds, SAME_AS_HOPS, sameAsCluster } from './match.js';
import { RECIPIENT_TYPES } from '../model/graph-model.js';

/** The recipient relationship types, as a Cypher type alternation (the model's, in its order). */
const RECIPIENTS = RECIPIENT_TYPES.join('|');

export type BundleLevel = 'account' | 'person';

export interface Bundle {
  readonly id: string;
  readonly type: 'CORRESPONDENCE';
  readonly source: string;
  readonly target: string;
  readonly properties: {
    readonly messages: number;
    readonly first: string | null;
    readonly last: string | null;
    readonly kinds: string[];
    readonly level: BundleLevel;
  };
}

export interface BundleAnswer {
  readonly nodes: GraphNode[];
  readonly edges: Bundle[];
  readonly total: number;
  readonly more: number;
}

/**
 * The party an actor stands for at this level: itself, or who controls it (a person or organization,
 * from the sources) or an accepted resolution says it belongs to; at person level, a cluster of
 * entities joined by accepted same-as links stands as one party (its member with the smallest id).
 */
function partyOf(variable: string, level: BundleLevel): string {
  if (level === 'account') return `${variable} AS party`;
  return `coalesce(COLLECT {
    MATCH (c)-[:CONTROLS]->(${variable}) RETURN c
    UNION
    MATCH (${variable})-[:RESOLVED_TO {status: 'accepted'}]->(c) RETURN c
  }[0], ${variable}) AS direct
  WITH *, COLLECT {
    MATCH (direct)-[sameAs:SAME_AS*0..${SAME_AS_HOPS}]-(member)
    WHERE all(link IN sameAs WHERE link.status = 'accepted')
    RETURN member ORDER BY member.id LIMIT 1
  }[0] AS party`;
}

/**
 * The actors (senders, recipients) a party acts through: itself and, at person level, the members
 * of its same-as cluster and the accounts of each.
 */
function actorsOf(level: BundleLevel): string {
  return level === 'account'
    ? 'WITH n, [n] AS cluster, n AS actor'
    : `WITH n, ${sameAsCluster('n')} AS cluster
       CALL (cluster) {
         UNWIND cluster AS c
         CALL (c) {
           RETURN c AS actor
           UNION MATCH (c)-[:CONTROLS]->(a:Account) RETURN a AS actor
           UNION MATCH (a:Account)-[:RESOLVED_TO {status: 'accepted'}]->(c) RETURN a AS actor
         }
         RETURN DISTINCT actor
       }`;
}

export interface BundleOptions {
  readonly ids: readonly string[];
  readonly level: BundleLevel;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
}

export async function bundles(executor: Executor, options: BundleOptions): Promise<BundleAnswer> {
  const [row] = await executor.rows<{
    total: number;
    page: { a: JsonNode; b: JsonNode; messages: number; first: string; last: string; kinds: string[] }[];
  }>(
    `${nodesByIds(options.ids, 'ids')}
     ${actorsOf(options.level)}
     CALL (actor) {
       MATCH (actor)-[:SENT]->(m:Message)-[:${RECIPIENTS}]->(other) RETURN m, other, true AS outgoing
       UNION ALL
       MATCH (other)-[:SENT]->(m:Message)-[:${RECIPIENTS}]->(actor) RETURN m, other, false AS outgoing
     }
     WITH n, cluster, m, outgoing, other
     WHERE ($from IS NULL OR m.sentTo >= $from) AND ($to IS NULL OR m.sentFrom <= $to)
     // The party behind each correspondent is looked up once, not once per message.
     WITH n, cluster, other, collect({m: m, outgoing: outgoing}) AS exchanged
     WITH n, cluster, exchanged, ${partyOf('other', options.level)}
     WHERE NOT party IN cluster
     UNWIND exchanged AS x
     WITH CASE WHEN x.outgoing THEN n ELSE party END AS a, CASE WHEN x.outgoing THEN party ELSE n END AS b, x.m AS m
     WITH a, b, count(DISTINCT m) AS messages, min(m.sentFrom) AS first, max(m.sentTo) AS last,
          collect(DISTINCT m.kind) AS kinds
     ORDER BY messages DESC, a.id, b.id
     WITH collect({a: a, b: b, messages: messages, first: first, last: last, kinds: kinds}) AS found
     RETURN size(found) AS total, found[0..$limit] AS page`,
    {
      ids: options.ids,
      from: options.from ? toNeo4jDateTime(options.from) : null,
      to: options.to ? toNeo4jDateTime(options.to) : null,
      limit: neo4j.int(options.limit),
    },
  );
  const nodes = new Map<string, GraphNode>();
  const edges: Bundle[] = (row?.page ?? []).map((b) => {
    const a = graphNode(b.a);
    const z = graphNode(b.b);
    nodes.set(a.id, a);
    nodes.set(z.id, z);
    return {
      id: `bundle|${options.level}|${a.id}|${z.id}`,
      type: 'CORRESPONDENCE',
      source: a.id,
      target: z.id,
      properties: {
        messages: b.messages,
        first: b.first,
        last: b.last,
        kinds: [...b.kinds].sort(),
        level: options.level,
      },
    };
  });
  if (options.level === 'person')
    for (const member of await sameAsMembers(executor, options.ids)) nodes.set(member.id, member);
  const total = row?.total ?? 0;
  return { nodes: [...nodes.values()], edges, total, more: Math.max(0, total - edges.length) };
}

/** The members of the requested parties' same-as clusters, when they have any: the canvas shows them. */
async function sameAsMembers(executor: Executor, ids: readonly string[]): Promise<GraphNode[]> {
  const rows = await executor.rows<{ cluster: JsonNode[] }>(
    `${nodesByIds(ids, 'ids')}
     WITH ${sameAsCluster('n')} AS cluster WHERE size(cluster) > 1
     RETURN cluster`,
    { ids },
  );
  return rows.flatMap((r) => r.cluster.map(graphNode));
}

export interface BundleMessagesOptions {
  readonly from: string;
  readonly to: string;
  readonly level: BundleLevel;
  readonly offset: number;
  readonly limit: number;
}

export interface BundleMessagesAnswer {
  readonly total: number;
  readonly offset: number;
  readonly more: number;
  readonly messages: GraphNode[];
}

/** The messages a bundle stands for, from party `from` to party `to`, in time order. */
export async function bundleMessages(
  executor: Executor,
  options: BundleMessagesOptions,
): Promise<BundleMessagesAnswer> {
  const [row] = await executor.rows<{ total: number; page: Json[] }>(
    `${nodesByIds([options.from], 'fromIds', 'p')}
     WITH p AS sender
     ${nodesByIds([options.to], 'toIds', 'p')}
     WITH sender, p AS recipient
     CALL (sender) { WITH sender AS n ${actorsOf(options.level)} RETURN actor AS s }
     CALL (recipient) { WITH recipient AS n ${actorsOf(options.level)} RETURN actor AS t }
     MATCH (s)-[:SENT]->(m:Message)-[:${RECIPIENTS}]->(t)
     WITH DISTINCT m ORDER BY m.sentFrom, m.id
     WITH collect(m) AS found
     RETURN size(found) AS total, found[$offset..$offset + $limit] AS page`,
    {
      fromIds: [options.from],
      toIds: [options.to],
      offset: neo4j.int(options.offset),
      limit: neo4j.int(options.limit),
    },
  );
  const total = row?.total ?? 0;
  const messages = (row?.page ?? []).map((m) => graphNode(m as unknown as JsonNode));
  return { total, offset: options.offset, more: Math.max(0, total - options.offset - messages.length), messages };
}
