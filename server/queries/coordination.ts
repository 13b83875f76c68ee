/**
 * Coordination: groups of accounts that post the same URL or near-identical text within a few
 * minutes of each other, again and again. One read of the window's timed posts from Neo4j; the
 * grouping is pure (`coordinatedGroups`), so it is tested on planted data with known answers.
 *
 * Near-identical means identical once case, whitespace, URLs, mentions, "RT" prefixes and
 * punctuation are set aside: what copy-paste campaigns vary. Items many accounts post (a viral link,
 * "thank you") say nothing about coordination and are left out above `maxAccountsPerItem`.
 */
import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
import type { Executor } from '../db/executor.js';
import type { JsonNode } from '../db/driver-values.js';
import { toNeo4jDateTime } from '../db/driver-values.js';
import { graphNode } from './graph.js';
import type { GraphNode } from './graph.js';
import { nodesByIds } from './match.js';

export interface Post {
  readonly id: string;
  readonly author: string;
  readonly at: number;
  readonly text: string | null;
  readonly urls: readonly string[];
}

export interface Thresholds {
  /** Two posts of one item count together when at most this far apart. */
  readonly withinMinutes: number;
  /** A pair of accounts must share at least this many items so. */
  readonly minItems: number;
  /** Groups smaller than this are not listed. */
  readonly minAccounts: number;
  /** Items posted by more accounts than this are too common to mean anything. */
  readonly maxAccountsPerItem: number;
  /** Normalised texts shorter than this are too generic to compare. */
  readonly minTextLength: number;
}

export interface SharedItem {
  readonly item: string;
  /** What the item is, for a reader: the URL id or the normalised text. */
  readonly label: string;
  readonly accounts: string[];
  readonly posts: string[];
  /** Largest gap between consecutive posts of the group's accounts, in seconds. */
  readonly spanSeconds: number;
}

export interface Group {
  readonly accounts: string[];
  readonly items: SharedItem[];
  /** Pairs of the group's accounts that meet the thresholds, over all possible pairs. */
  readonly density: number;
  readonly score: number;
}

/** Text as copy-paste campaigns vary it: no case, links, mentions, RT prefix, punctuation or extra spaces. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\bhttps?:\/\/\S+|\bwww\.\S+/g, ' ')
    .replace(/^\s*rt\b/, ' ')
    .replace(/[@＠][\p{L}\p{N}_]+/gu, ' ')
    .replace(/[^\p{L}\p{N}#]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function itemsOf(post: Post, minTextLength: number): { item: string; label: string }[] {
  const items = post.urls.map((url) => ({ item: url, label: url }));
  const text = post.text ? normaliseText(post.text) : '';
  if (text.length >= minTextLength) {
    items.push({ item: `text:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, label: text });
  }
  return items;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

/**
 * The groups, pure. Per item, posts in time order, every pair of different accounts whose posts lie
 * within the window counts that item once; pairs with enough items join their accounts; each joined
 * set of accounts is a group, ranked by accounts times shared items.
 */
export function coordinatedGroups(posts: readonly Post[], t: Thresholds): Group[] {
  const byItem = new Map<string, { label: string; posts: Post[] }>();
  for (const post of posts) {
    for (const { item, label } of itemsOf(post, t.minTextLength)) {
      const entry = byItem.get(item) ?? { label, posts: [] };
      entry.posts.push(post);
      byItem.set(item, entry);
    }
  }
  const windowMs = t.withinMinutes * 60_000;
  const pairItems = new Map<string, Set<string>>();
  for (const [item, { posts: list }] of byItem) {
    if (new Set(list.map((p) => p.author)).size > t.maxAccountsPerItem) continue;
    list.sort((a, b) => a.at - b.at);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length && list[j]!.at - list[i]!.at <= windowMs; j++) {
        if (list[i]!.author === list[j]!.author) continue;
        const key = pairKey(list[i]!.author, list[j]!.author);
        const set = pairItems.get(key) ?? new Set<string>();
        set.add(item);
        pairItems.set(key, set);
      }
    }
  }
  // Union-find over the pairs that meet the thresholds.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const strong: [string, string, Set<string>][] = [];
  for (const [key, items] of pairItems) {
    if (items.size < t.minItems) continue;
    const [a, b] = key.split('\n') as [string, string];
    strong.push([a, b, items]);
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    parent.set(find(a), find(b));
  }
  const members = new Map<string, Set<string>>();
  for (const x of parent.keys()) {
    const root = find(x);
    members.set(root, (members.get(root) ?? new Set()).add(x));
  }
  const groups: Group[] = [];
  for (const accounts of members.values()) {
    if (accounts.size < t.minAccounts) continue;
    const pairs = strong.filter(([a]) => accounts.has(a));
    const itemIds = new Set(pairs.flatMap(([, , items]) => [...items]));
    const items = [...itemIds].map((item): SharedItem => {
      const entry = byItem.get(item)!;
      const own = entry.posts.filter((p) => accounts.has(p.author));
      const gaps = own.slice(1).map((p, i) => p.at - own[i]!.at);
      return {
        item,
        label: entry.label,
        accounts: [...new Set(own.map((p) => p.author))].sort(),
        posts: own.map((p) => p.id),
        spanSeconds: Math.round(Math.max(0, ...gaps) / 1000),
      };
    });
    items.sort((a, b) => b.accounts.length - a.accounts.length || a.item.localeCompare(b.item));
    const possible = (accounts.size * (accounts.size - 1)) / 2;
    groups.push({
      accounts: [...accounts].sort(),
      items,
      density: pairs.length / possible,
      score: accounts.size * items.length,
    });
  }
  return groups.sort((a, b) => b.score - a.score || a.accounts[0]!.localeCompare(b.accounts[0]!));
}

export interface CoordinationOptions extends Thresholds {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
}

export interface CoordinationAnswer {
  readonly groups: (Omit<Group, 'accounts'> & { accounts: GraphNode[] })[];
  readonly total: number;
  /** Posts read; more than POST_CAP in the window and the answer covers only the first. */
  readonly posts: number;
  readonly truncated: boolean;
}

/** Posts read from one window at most: narrow the window for more. */
export const POST_CAP = 300_000;

export async function coordination(executor: Executor, options: CoordinationOptions): Promise<CoordinationAnswer> {
  // Only posts timed to the minute or better can be compared within minutes.
  const posts = await executor.rows<Post>(
    `MATCH (m:Message)
     WHERE m.sentFrom >= $from AND m.sentFrom <= $to AND m.sentPrecision IN ['instant', 'minute']
     WITH m ORDER BY m.sentFrom LIMIT $cap
     MATCH (a:Account)-[:SENT]->(m)
     RETURN m.id AS id, a.id AS author, m.sentFrom.epochMillis AS at, m.text AS text,
            COLLECT { MATCH (m)-[:LINKS_TO]->(u:Url) RETURN u.id } AS urls`,
    {
      from: toNeo4jDateTime(options.from ?? '0001-01-01T00:00:00Z'),
      to: toNeo4jDateTime(options.to ?? '9999-12-31T23:59:59Z'),
      cap: neo4j.int(POST_CAP),
    },
  );
  const groups = coordinatedGroups(posts, options);
  const page = groups.slice(0, options.limit);
  const ids = [...new Set(page.flatMap((g) => g.accounts))];
  const nodes = ids.length ? await executor.rows<{ n: JsonNode }>(`${nodesByIds(ids, 'ids')} RETURN n`, { ids }) : [];
  const byId = new Map(nodes.map((r) => [graphNode(r.n).id, graphNode(r.n)]));
  return {
    groups: page.map((g) => ({ ...g, accounts: g.accounts.flatMap((id) => byId.get(id) ?? []) })),
    total: groups.length,
    posts: posts.length,
    truncated: posts.length >= POST_CAP,
  };
}
