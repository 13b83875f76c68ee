/**
 * Full-text search over names, handles, addresses, message text and URLs (the model's full-text
 * index). Plain mode escapes everything Lucene treats specially, so any text the analyst types is a
 * valid query; `lucene` mode passes the syntax through, and a syntax error is the analyst's 400.
 *
 * Lucene's score alone ranks a short message "unsubscribe don.baughman@enron.com" above the account
 * don.baughman@enron.com, and TrumpWorld's source pages titled with a name above the person. So hits
 * are ranked in tiers first: an exact id, handle, address, URL or name; then a name that holds every
 * word typed; then the rest, each tier by score.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { JsonNode } from '../db/driver-values.js';
import { FULLTEXT_INDEX } from '../model/ddl.js';
import { QueryError } from '../errors.js';
import { labelOfId } from '../model/keys.js';
import { quoteIdentifier } from '../model/identifiers.js';
import { NODE_LABELS, NODES } from '../model/graph-model.js';
import type { NodeDef, NodeLabel } from '../model/graph-model.js';
import type { PropertySpec } from '../model/properties.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';
import { sameAsCluster } from './match.js';

/** Counting every match of a very common word is not worth it: totals stop here. */
export const SEARCH_COUNT_CAP = 10_000;

const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

export function escapeLucene(term: string): string {
  return term.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
}

/**
 * The index's analyzer keeps only words with a letter, a digit or an emoji: a word of punctuation
 * alone ("//", "=", "-") would be a required clause that can never match, and empty every answer.
 */
const SEARCHABLE = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

/** Every word must match, as a whole word or as a prefix ("wlsearch" finds "wlsearch.tk"). */
export function plainQuery(text: string): string {
  const terms = text
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => SEARCHABLE.test(t))
    .map(escapeLucene);
  return terms.map((t) => `(${t} OR ${t}*)`).join(' AND ');
}

/** Nodes that are documents: their subject or title is about something else, not their name. */
const DOCUMENT_LABELS: readonly NodeLabel[] = ['Message', 'Source'];

/**
 * Per label, the searchable properties that name the thing (names, aliases, handles, display names,
 * URLs, domains), from the model: full-text strings, not free text, of nodes that are not documents
 * (TrumpWorld's source pages are titled with the names they list, and their URLs spell them too).
 */
export const NAME_PROPERTIES: Readonly<Partial<Record<NodeLabel, readonly string[]>>> = Object.fromEntries(
  NODE_LABELS.filter((label) => !DOCUMENT_LABELS.includes(label)).map((label) => [
    label,
    Object.entries(NODES[label].properties as Record<string, PropertySpec>)
      .filter(([, spec]) => spec.fulltext && (spec.type === 'string' || spec.type === 'string[]'))
      .map(([name]) => name),
  ]),
);

/** What the tiers compare: the text as typed, folded to lower case, and as a handle (no leading @, for accounts only). */
export function exactForms(q: string): { exact: string; bare: string; words: string[] } {
  const exact = q.trim().toLowerCase();
  return {
    exact,
    bare: exact.replace(/^@/, ''),
    words: exact.split(/\s+/).filter((w) => SEARCHABLE.test(w)),
  };
}

/**
 * Nodes the full-text index may rank out of its first hits or not split into words the same way:
 * the node with this id, and accounts with this handle or address (both indexed lookups).
 */
function exactLookups(q: string): string {
  const branches = [`MATCH (node:Account) WHERE node.handle IN [$exact, $bare] RETURN node, 0.0 AS score`];
  const label = labelOfId(q.trim());
  // Bookkeeping nodes stay out of search, as they are out of the full-text index.
  if (label && !(NODES[label] as NodeDef).meta)
    branches.push(`MATCH (node:${quoteIdentifier(label)} {id: $id}) RETURN node, 0.0 AS score`);
  return branches.map((b) => `UNION ${b}`).join('\n');
}

export interface SearchOptions {
  readonly q: string;
  readonly mode: 'plain' | 'lucene';
  readonly labels?: readonly NodeLabel[];
  readonly offset: number;
  readonly limit: number;
}

export interface SearchAnswer {
  readonly total: number;
  /** True when the total reached SEARCH_COUNT_CAP and there may be more. */
  readonly totalCapped: boolean;
  readonly offset: number;
  /**
   * One item per entity: `sameAs` lists the other members of its accepted same-as cluster; `exact`
   * says its id, handle, address, URL or a name is the text searched for.
   */
  readonly items: { node: GraphNode; score: number; exact: boolean; sameAs?: GraphNode[] }[];
}

export async function search(executor: Executor, options: SearchOptions): Promise<SearchAnswer> {
  const lucene = options.mode === 'plain' ? plainQuery(options.q) : options.q;
  // Nothing searchable (punctuation only): no node can match, and Lucene refuses an empty query.
  if (lucene === '') return { total: 0, totalCapped: false, offset: options.offset, items: [] };
  const { exact, bare, words } = exactForms(options.q);
  const [row] = await executor
    .rows<{ total: number; page: { node: JsonNode; score: number; sameAs: JsonNode[]; tier: number }[] }>(
      // Without a label filter, Lucene itself stops at the cap (its hits come best first): sorting
      // every hit of a common word took over 15 s at 1M messages (bench/api.ts at L). With one, the
      // filter must see every hit, or the total would count the cap before filtering.
      `CALL () {
       CALL db.index.fulltext.queryNodes($index, $lucene, $options) YIELD node, score
       WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
       RETURN node, score ORDER BY score DESC LIMIT $cap
       ${exactLookups(options.q)}
     }
     WITH node, max(score) AS score
     WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
     WITH node, score,
          reduce(acc = [], value IN [p IN reduce(ps = [], l IN labels(node) | ps + coalesce($nameProps[l], [])) WHERE node[p] IS NOT NULL | node[p]] |
            acc + CASE WHEN valueType(value) STARTS WITH 'LIST' THEN value ELSE [value] END) AS raw
     WITH node, score, [value IN raw | toLower(trim(toString(value)))] AS names
     WITH node, score,
          CASE WHEN node.id = $id OR $exact IN names OR (node:Account AND toLower(node.handle) = $bare) THEN 0
               WHEN size($words) > 0 AND any(name IN names WHERE all(w IN $words WHERE name CONTAINS w)) THEN 1
               ELSE 2 END AS tier
     ORDER BY tier, score DESC, node.id LIMIT $cap
     // An entity with accepted same-as links is one hit: its best member, with the others.
     WITH node, score, tier,
          CASE WHEN node:Person OR node:Organization
            THEN [member IN ${sameAsCluster('node')} WHERE member <> node] ELSE [] END AS sameAs
     WITH node, score, tier, sameAs,
          reduce(smallest = node.id, member IN sameAs | CASE WHEN member.id < smallest THEN member.id ELSE smallest END) AS entity
     WITH entity, collect({node: node, score: score, sameAs: sameAs, tier: tier}) AS hits
     WITH reduce(best = null, hit IN hits |
            CASE WHEN best IS NULL OR hit.tier < best.tier OR (hit.tier = best.tier AND hit.score > best.score)
              THEN hit ELSE best END) AS hit
     ORDER BY hit.tier, hit.score DESC, hit.node.id
     WITH collect(hit) AS found
     RETURN size(found) AS total, found[$offset..$offset + $limit] AS page`,
      {
        index: FULLTEXT_INDEX,
        lucene,
        labels: options.labels?.length ? options.labels : null,
        options: options.labels?.length ? {} : { limit: neo4j.int(SEARCH_COUNT_CAP) },
        cap: neo4j.int(SEARCH_COUNT_CAP),
        offset: neo4j.int(options.offset),
        limit: neo4j.int(options.limit),
        id: options.q.trim(),
        exact,
        bare,
        words,
        nameProps: NAME_PROPERTIES,
      },
    )
    .catch((error: unknown) => {
      // Lucene's parser explains at length; the first line says what and where.
      const parse = error instanceof QueryError && /ParseException: (.*)/.exec(error.message);
      if (parse) throw new QueryError('invalid_search', `Invalid Lucene query: ${parse[1]}`, 400, { mode: 'lucene' });
      throw error;
    });
  const total = row?.total ?? 0;
  return {
    total,
    totalCapped: total >= SEARCH_COUNT_CAP,
    offset: options.offset,
    items: (row?.page ?? []).map((hit) => ({
      node: graphNode(hit.node),
      score: hit.score,
      exact: hit.tier === 0,
      ...(hit.sameAs.length > 0 ? { sameAs: hit.sameAs.map(graphNode) } : {}),
    })),
  };
}
