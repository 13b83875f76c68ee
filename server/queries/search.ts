/**
 * Full-text search over names, handles, addresses, message text and URLs (the model's full-text
 * index). Plain mode escapes everything Lucene treats specially, so any text the analyst types is a
 * valid query; `lucene` mode passes the syntax through, and a syntax error is the analyst's 400.
 */
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { JsonNode } from '../db/driver-values.js';
import { FULLTEXT_INDEX } from '../model/ddl.js';
import { QueryError } from '../errors.js';
import type { NodeLabel } from '../model/graph-model.js';
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
  /** One item per entity: `sameAs` lists the other members of its accepted same-as cluster. */
  readonly items: { node: GraphNode; score: number; sameAs?: GraphNode[] }[];
}

export async function search(executor: Executor, options: SearchOptions): Promise<SearchAnswer> {
  const lucene = options.mode === 'plain' ? plainQuery(options.q) : options.q;
  // Nothing searchable (punctuation only): no node can match, and Lucene refuses an empty query.
  if (lucene === '') return { total: 0, totalCapped: false, offset: options.offset, items: [] };
  const [row] = await executor
    .rows<{ total: number; page: { node: JsonNode; score: number; sameAs: JsonNode[] }[] }>(
      // Without a label filter, Lucene itself stops at the cap (its hits come best first): sorting
      // every hit of a common word took over 15 s at 1M messages (bench/api.ts at L). With one, the
      // filter must see every hit, or the total would count the cap before filtering.
      `CALL db.index.fulltext.queryNodes($index, $lucene, $options) YIELD node, score
     WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
     WITH node, score ORDER BY score DESC, node.id LIMIT $cap
     // An entity with accepted same-as links is one hit: its best-scoring member, with the others.
     WITH node, score,
          CASE WHEN node:Person OR node:Organization
            THEN [member IN ${sameAsCluster('node')} WHERE member <> node] ELSE [] END AS sameAs
     WITH node, score, sameAs,
          reduce(smallest = node.id, member IN sameAs | CASE WHEN member.id < smallest THEN member.id ELSE smallest END) AS entity
     WITH entity, max(score) AS best, collect({node: node, score: score, sameAs: sameAs}) AS hits
     WITH best, [hit IN hits WHERE hit.score = best][0] AS hit
     ORDER BY best DESC, hit.node.id
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
      ...(hit.sameAs.length > 0 ? { sameAs: hit.sameAs.map(graphNode) } : {}),
    })),
  };
}
