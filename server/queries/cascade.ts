/**
 * Cascades: how a URL, a domain, a phrase or one message's story spread. Every message that carries
 * the item, in time order, each tied to the earlier post it most plausibly came from, and HOW we
 * know: a message that reached its author before (the post itself or another from the earlier
 * author), a retweet, a reply or reference to it; or only inferred (the same item, later, with no
 * message between them). The analyst sees proven and inferred hops apart.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { Json, JsonNode } from '../db/driver-values.js';
import { AppError } from '../errors.js';
import { FULLTEXT_INDEX } from '../model/ddl.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { nodeId } from '../model/keys.js';
import { PRIVATE_MESSAGE_KINDS, RELATIONSHIPS, RELATIONSHIP_TYPES } from '../model/graph-model.js';
import type { RelationshipType } from '../model/graph-model.js';
import { UrlError } from '../model/url.js';
import { graphNode, graphOf } from './graph.js';
import type { Graph, GraphNode } from './graph.js';
import { isFact } from './match.js';
import { MESSAGE_TIME } from './message-time.js';

export type CascadeItem = 'url' | 'domain' | 'phrase' | 'message';

export interface CascadeOptions {
  readonly item: CascadeItem;
  readonly value: string;
  readonly limit: number;
}

/** How a post is known to come from its parent. */
export type Link = 'message' | 'retweet' | 'reference' | 'inferred';

export interface Post {
  readonly message: GraphNode;
  readonly authors: { id: string; caption: string }[];
  readonly time: { from: string; to: string; derived?: { anchor: string; delay: string; asStated: string } } | null;
  /** The earlier post this one most plausibly came from (null for the first, or for untimed posts). */
  readonly parent: string | null;
  readonly link: Link | null;
  /** The message that proves a `message` link, when it is not the parent itself. */
  readonly provenBy?: string;
  /** Milliseconds from the parent's earliest time to this post's earliest. */
  readonly delayMs: number | null;
}

export interface CascadeAnswer extends Graph {
  readonly item: CascadeItem;
  readonly value: string;
  readonly posts: Post[];
  readonly first: string | null;
  /** Posts and newly reached authors per hour from the first appearance (UTC hours). */
  readonly perHour: { hour: string; posts: number; newAuthors: number }[];
  readonly total: number;
  /** Posts without any time: listed, never placed in the tree. */
  readonly untimed: number;
  readonly truncated: boolean;
}

const RECEIVING: readonly RelationshipType[] = RELATIONSHIP_TYPES.filter((t) => {
  const def = RELATIONSHIPS[t] as { from: readonly string[]; to: readonly string[] };
  return def.from.includes('Message') && def.to.includes('Account');
});
const receiving = RECEIVING.map(quoteIdentifier).join('|');
/** The links a post can show to an earlier one: it re-publishes, answers or refers to it. */
const REFERENCES: readonly RelationshipType[] = ['RETWEETS', 'REPLIES_TO', 'REFERS_TO'];

/** Lucene phrase query: the words in order, every special character escaped. */
export function phraseQuery(phrase: string): string {
  return `"${phrase.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The Cypher that finds the posts carrying an item, as `m`; only the item kind picks the text. */
export function postsStatement(item: CascadeItem): string {
  switch (item) {
    case 'url':
      // A short link that leads to the URL carries it too.
      return `MATCH (u:Url {id: $value})
        MATCH (m:Message)-[:LINKS_TO]->(:Url)-[:EXPANDS_TO*0..2]->(u)
        RETURN DISTINCT m`;
    case 'domain':
      return `MATCH (d:Domain) WHERE d.name = $value OR d.name ENDS WITH '.' + $value
        MATCH (m:Message)-[:LINKS_TO]->(:Url)-[:IN_DOMAIN]->(d)
        RETURN DISTINCT m`;
    case 'phrase':
      return `CALL db.index.fulltext.queryNodes($index, $value) YIELD node
        WITH node AS m WHERE m:Message
        RETURN m`;
    case 'message':
      // The story of one message: itself, what re-publishes, answers, follows or refers to it.
      return `MATCH (seed:Message {id: $value})
        MATCH (m:Message)-[:${[...REFERENCES, 'AFTER'].map(quoteIdentifier).join('|')}*0..3]->(seed)
        RETURN DISTINCT m`;
  }
}

interface PostRow {
  m: JsonNode;
  authors: JsonNode[];
  /** The author and every node that is the same party (controls, accepted same-as). */
  parties: string[];
  receivers: string[];
  refersTo: { id: string; type: string }[];
  tFrom: number | null;
  tTo: number | null;
  derived: { anchor: string; delay: string; asStated: string } | null;
}

function value(options: CascadeOptions): string {
  const text = options.value.trim();
  switch (options.item) {
    case 'url':
      if (text.startsWith('url:')) return text;
      try {
        return nodeId('Url', { url: text });
      } catch (error) {
        if (!(error instanceof UrlError)) throw error;
        throw new AppError('invalid_parameter', `value: ${error.message}`, 400, { parameter: 'value' });
      }
    case 'domain':
      return text.toLowerCase().replace(/^www\./, '');
    case 'phrase':
      return phraseQuery(text);
    case 'message':
      if (!text.startsWith('message:'))
        throw new AppError('invalid_parameter', `value: ${JSON.stringify(text)} is not a message id`, 400, {
          parameter: 'value',
        });
      return text;
  }
}

interface Placed {
  readonly row: PostRow;
  readonly id: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Each timed post's parent, pure: the earliest earlier post whose message reached the author or
 * that the post refers to (proven); else the latest earlier post (inferred, nearest in time).
 * "Earlier" means it could have come first: its earliest time is not after the post's latest.
 */
export function parents(placed: readonly Placed[]): Map<string, { parent: string; link: Link }> {
  const out = new Map<string, { parent: string; link: Link }>();
  for (const [i, post] of placed.entries()) {
    if (i === 0) continue;
    const earlier = placed.slice(0, i).filter((q) => q.from <= post.to);
    if (earlier.length === 0) continue;
    const referred = earlier.find((q) => post.row.refersTo.some((r) => r.id === q.id));
    if (referred) {
      const type = post.row.refersTo.find((r) => r.id === referred.id)!.type;
      out.set(post.id, { parent: referred.id, link: type === 'RETWEETS' ? 'retweet' : 'reference' });
      continue;
    }
    const reached = earlier.find((q) => q.row.receivers.some((r) => post.row.parties.includes(r)));
    if (reached) {
      out.set(post.id, { parent: reached.id, link: 'message' });
      continue;
    }
    out.set(post.id, { parent: earlier[earlier.length - 1]!.id, link: 'inferred' });
  }
  return out;
}

function hour(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 13)}:00:00Z`;
}

export async function cascade(executor: Executor, options: CascadeOptions): Promise<CascadeAnswer> {
  const rows = await executor.rows<{ total: number; posts: PostRow[] }>(
    `CALL () { ${postsStatement(options.item)} }
     WITH collect(m) AS found
     UNWIND found[..$limit] AS m
     ${MESSAGE_TIME}
     WITH found, m, tFrom, tTo, derived
     ORDER BY tFrom, m.id
     RETURN size(found) AS total, collect({
       m: m,
       authors: COLLECT { MATCH (a)-[:SENT]->(m) RETURN a },
       parties: COLLECT {
         MATCH (a)-[:SENT]->(m) RETURN a.id AS id
         UNION
         MATCH (a)-[:SENT]->(m) MATCH (a)-[r:CONTROLS|RESOLVED_TO|SAME_AS]-(o) WHERE ${isFact('r')} RETURN o.id AS id
       },
       // A mention in a private message does not reach the party it names.
       receivers: COLLECT {
         MATCH (m)-[t:${receiving}]->(r) WHERE type(t) <> 'MENTIONS' OR NOT m.kind IN $private RETURN r.id
       },
       refersTo: COLLECT { MATCH (m)-[r:${REFERENCES.map(quoteIdentifier).join('|')}]->(o:Message) RETURN {id: o.id, type: type(r)} },
       tFrom: tFrom, tTo: tTo, derived: derived
     }) AS posts`,
    { value: value(options), index: FULLTEXT_INDEX, limit: neo4j.int(options.limit), private: PRIVATE_MESSAGE_KINDS },
  );
  const { total, posts } = rows[0] ?? { total: 0, posts: [] };
  const placed: Placed[] = posts
    .filter((p) => p.tFrom !== null && p.tTo !== null)
    .map((row) => ({ row, id: graphNode(row.m).id, from: row.tFrom!, to: row.tTo! }));
  const tree = parents(placed);
  // A post whose author got a DIFFERENT message from the parent's author before posting is also
  // proven by a message; look those up for the inferred ones only (a handful of pairs).
  const inferred = placed.filter((p) => tree.get(p.id)?.link === 'inferred');
  const byId = new Map(placed.map((p) => [p.id, p]));
  const proofs = inferred.length
    ? await executor.rows<{ post: string; proof: string }>(
        `UNWIND $pairs AS pair
         MATCH (parent:Message {id: pair.parent})<-[:SENT]-(a)
         MATCH (a)-[:SENT]->(x:Message)-[t:${receiving}]->(b)
         WHERE b.id IN pair.parties AND x.sentFrom IS NOT NULL AND (type(t) <> 'MENTIONS' OR NOT x.kind IN $private)
           AND x.sentTo >= datetime({epochMillis: pair.from}) AND x.sentFrom <= datetime({epochMillis: pair.to})
         RETURN pair.post AS post, min(x.id) AS proof`,
        {
          pairs: inferred.map((p) => {
            const parent = byId.get(tree.get(p.id)!.parent)!;
            return {
              post: p.id,
              parent: parent.id,
              parties: p.row.parties,
              from: neo4j.int(parent.from),
              to: neo4j.int(p.to),
            };
          }),
          private: PRIVATE_MESSAGE_KINDS,
        },
      )
    : [];
  const proven = new Map(proofs.map((r) => [r.post, r.proof]));
  const graph = graphOf(
    await executor
      .rows<{ p: Json }>(`UNWIND $ids AS id MATCH (m:Message {id: id}) MATCH p = (a)-[:SENT]->(m) RETURN p`, {
        ids: posts.map((p) => graphNode(p.m).id),
      })
      .then((r) => r.map((x) => x.p)),
  );
  const answerPosts = posts.map((row): Post => {
    const message = graphNode(row.m);
    const link = tree.get(message.id);
    const parent = link ? byId.get(link.parent) : undefined;
    const proof = proven.get(message.id);
    return {
      message,
      authors: row.authors.map((a) => ({ id: graphNode(a).id, caption: graphNode(a).caption })),
      time:
        row.tFrom === null || row.tTo === null
          ? null
          : {
              from: new Date(row.tFrom).toISOString(),
              to: new Date(row.tTo).toISOString(),
              ...(row.derived ? { derived: row.derived } : {}),
            },
      parent: link?.parent ?? null,
      link: proof ? 'message' : (link?.link ?? null),
      ...(proof ? { provenBy: proof } : {}),
      delayMs: parent && row.tFrom !== null ? row.tFrom - parent.from : null,
    };
  });
  const perHour = new Map<string, { posts: number; newAuthors: number }>();
  const seenAuthors = new Set<string>();
  for (const post of placed) {
    const bucket = perHour.get(hour(post.from)) ?? { posts: 0, newAuthors: 0 };
    bucket.posts += 1;
    for (const author of post.row.authors.map((a) => graphNode(a).id)) {
      if (!seenAuthors.has(author)) {
        seenAuthors.add(author);
        bucket.newAuthors += 1;
      }
    }
    perHour.set(hour(post.from), bucket);
  }
  return {
    ...graph,
    item: options.item,
    value: options.value,
    posts: answerPosts,
    first: placed[0]?.id ?? null,
    perHour: [...perHour.entries()].map(([h, counts]) => ({ hour: h, ...counts })),
    total,
    untimed: posts.length - placed.length,
    truncated: total > posts.length,
  };
}
