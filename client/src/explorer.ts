/**
 * What the analyst does to the canvas, as operations: add what search found, expand (bundled
 * correspondence by default for the parties of messages, raw by type and direction on demand), show
 * more, collapse, hide, remove, paths and connecting subgraphs, adding a bundle's messages, answers
 * of the console. Each asks the API, turns the answer into one change of the graph state, commits it
 * (one undo step) and says what happened.
 */
import { NODES, RELATIONSHIPS, SOURCE_TYPES as MODEL_SOURCE_TYPES } from '../../server/model/graph-model.js';
import type { Api } from './api.js';
import { describeError } from './api.js';
import type { Change, Expansion, GraphState } from './graph-state.js';
import { BUNDLED_TYPES } from './style.js';
import type {
  ApiEdge,
  ApiGraph,
  ApiNode,
  BundleAnswer,
  BundleLevel,
  Direction,
  ExpandAnswer,
  ExpandRequest,
  PathAnswer,
} from './types.js';

/** What the operations need of the canvas view: to select and to highlight what they added. */
export interface ExplorerView {
  select(ids: string[], options?: { center?: boolean }): void;
  highlight(ids: string[]): void;
  /** How many of these elements (just added) the active filters hide. */
  filteredOut(ids: string[]): number;
}

/** Where the operations say what happened. */
export interface Notifier {
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void;
  say(message: string): void;
}

/** Labels that send and receive messages (from the model: who may SENT, who may be sent TO). */
export const PARTY_LABELS: ReadonlySet<string> = new Set<string>([...RELATIONSHIPS.SENT.from, ...RELATIONSHIPS.TO.to]);
/** Relationship types a default expansion leaves to the node's details panel. */
const SOURCE_TYPES = new Set<string>(MODEL_SOURCE_TYPES);
/** The types a bundled expansion still follows raw: everything but correspondence and sources. */
const UNBUNDLED_TYPES = Object.keys(RELATIONSHIPS).filter(
  (t) => !(BUNDLED_TYPES as readonly string[]).includes(t) && !SOURCE_TYPES.has(t),
);
export const LABELS = Object.keys(NODES);

export const PAGE = 50;
const BUNDLE_PAGE = 100;

export interface RawExpandOptions {
  types?: string[];
  direction?: Direction;
  labels?: string[];
  limit?: number;
}

function merge(graphs: ApiGraph[]): ApiGraph {
  const nodes = new Map<string, ApiNode>();
  const edges = new Map<string, ApiEdge>();
  for (const g of graphs) {
    for (const n of g.nodes) nodes.set(n.id, n);
    for (const e of g.edges) edges.set(e.id, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** The raw request for the messages a party sent or received. */
function messagesOf(id: string): ExpandRequest {
  return { ids: [id], types: [...BUNDLED_TYPES], direction: 'both', limit: PAGE };
}

/** What raw answers hold per type and direction, e.g. " (SENT→ 43, ←MENTIONS 2)"; empty when nothing. */
export function groupSummary(answers: readonly (ExpandAnswer | BundleAnswer)[]): string {
  const groups = answers.flatMap((a) => ('groups' in a ? a.groups : []));
  if (!groups.length) return '';
  const parts = groups.map((g) => (g.direction === 'out' ? `${g.type}→ ${g.total}` : `←${g.type} ${g.total}`));
  return ` (${parts.join(', ')})`;
}

export function levelFor(label: string): BundleLevel {
  return label === 'Account' ? 'account' : 'person';
}

export class Explorer {
  constructor(
    private readonly api: Api,
    readonly state: GraphState,
    private readonly view: ExplorerView,
    private readonly status: Notifier,
  ) {}

  private caption(id: string): string {
    return this.state.nodes.get(id)?.caption ?? id;
  }

  private report(change: Change, what: string, more = 0): void {
    const n = change.addNodes.length;
    const e = change.addEdges.length;
    const parts = [`${n} new node${n === 1 ? '' : 's'}, ${e} new edge${e === 1 ? '' : 's'}`];
    if (change.show.length) parts.push(`${change.show.length} shown again`);
    if (more > 0) parts.push(`${more} more not shown (“Show more”)`);
    const filtered = this.view.filteredOut([...change.addNodes, ...change.addEdges].map((x) => x.id));
    if (filtered > 0) parts.push(`${filtered} of them hidden by the filters (see the chips over the canvas)`);
    this.status.notify(`${what} — ${parts.join(', ')}.`, n + e + change.show.length ? 'ok' : 'info');
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.status.notify(`${what} failed: ${describeError(error)}`, 'error');
      return undefined;
    }
  }

  /** Edges between new nodes and what is already on the canvas (a hub's first 200 neighbours). */
  private async linksToCanvas(ids: string[]): Promise<ApiGraph> {
    if (!this.state.nodes.size || !ids.length) return { nodes: [], edges: [] };
    const answers = await Promise.all(
      ids.slice(0, 10).map((id) => this.api.expand({ ids: [id], limit: 200, direction: 'both' })),
    );
    const onCanvas = (id: string) => this.state.nodes.has(id) || ids.includes(id);
    return {
      nodes: [],
      edges: answers.flatMap((a) => a.edges).filter((e) => onCanvas(e.source) && onCanvas(e.target)),
    };
  }

  /** Puts nodes (from search, the start page, a list) on the canvas, with their links to what is there. */
  async addNodes(nodes: ApiNode[], options: { select?: boolean; label?: string } = {}): Promise<void> {
    await this.guard('Adding', async () => {
      const fresh = nodes.filter((n) => !this.state.nodes.has(n.id));
      const links = await this.linksToCanvas(fresh.map((n) => n.id));
      const change = this.state.addGraph(
        { nodes, edges: links.edges },
        options.label ?? `add ${nodes.length === 1 ? nodes[0]!.caption : `${nodes.length} nodes`}`,
      );
      this.state.commit(change);
      if (options.select !== false)
        this.view.select(
          nodes.map((n) => n.id),
          { center: true },
        );
      if (change.addNodes.length || change.show.length) {
        this.report(change, `Added ${nodes.length === 1 ? nodes[0]!.caption : `${nodes.length} nodes`}`);
      }
    });
  }

  /** The requests of a default expansion: bundles plus the other relationships for parties, raw otherwise. */
  defaultRequests(id: string): ExpandRequest[] {
    const label = this.state.nodes.get(id)?.label ?? '';
    if (PARTY_LABELS.has(label)) {
      return [
        { ids: [id], bundle: true, level: levelFor(label), limit: BUNDLE_PAGE },
        { ids: [id], types: UNBUNDLED_TYPES, direction: 'both', limit: PAGE },
      ];
    }
    return [{ ids: [id], direction: 'both', limit: PAGE }];
  }

  async expand(id: string, raw?: RawExpandOptions): Promise<void> {
    if (!this.state.nodes.has(id)) return;
    const requests: ExpandRequest[] = raw
      ? [
          {
            ids: [id],
            direction: raw.direction ?? 'both',
            limit: raw.limit ?? PAGE,
            ...(raw.types?.length ? { types: raw.types } : {}),
            ...(raw.labels?.length ? { labels: raw.labels } : {}),
          },
        ]
      : this.defaultRequests(id);
    const key = raw ? `${id}|raw|${JSON.stringify(requests[0])}` : `${id}|default`;
    await this.runExpansion(id, key, requests, `expand ${this.caption(id)}`);
  }

  private async runExpansion(id: string, key: string, requests: ExpandRequest[], label: string): Promise<void> {
    await this.guard('Expanding', async () => {
      const asked = [...requests];
      const answers: (ExpandAnswer | BundleAnswer)[] = await Promise.all(asked.map((r) => this.api.expand(r)));
      // A party with no correspondence (an account that only tweets) opens on what it does have:
      // its messages, grouped by type and paged like any expansion (their mentions and links are
      // the messages' own neighbours, one expansion further).
      if (asked.some((r, i) => r.bundle && answers[i]!.total === 0)) {
        const messages = messagesOf(id);
        asked.push(messages);
        answers.push(await this.api.expand(messages));
      }
      const pages = asked.map((request, i) => ({ request, more: answers[i]!.more }));
      const more = pages.reduce((sum, p) => sum + p.more, 0);
      const change = this.state.addGraph(merge(answers), label, {
        anchor: id,
        expansion: { key, node: id, pages, more },
      });
      this.state.commit(change);
      this.report(change, `Expanded ${this.caption(id)}${groupSummary(answers)}`, more);
    });
  }

  /** The next page of every request of an expansion that left neighbours out. */
  async showMore(key: string): Promise<void> {
    const x = this.state.expansions.get(key);
    if (!x || x.more <= 0) return;
    const next = x.pages.map(({ request, more }): ExpandRequest | null => {
      if (more <= 0) return null;
      if (request.bundle) return { ...request, limit: Math.min(500, (request.limit ?? BUNDLE_PAGE) + BUNDLE_PAGE) };
      return { ...request, offset: (request.offset ?? 0) + (request.limit ?? PAGE) };
    });
    await this.guard('Showing more', async () => {
      const answered = await Promise.all(next.map((r) => (r ? this.api.expand(r) : Promise.resolve(null))));
      const answers = answered.filter((a) => a !== null);
      const pages = x.pages.map((page, i) => {
        const request = next[i];
        const answer = answered[i];
        return request && answer ? { request, more: answer.more } : page;
      });
      const more = pages.reduce((sum, p) => sum + p.more, 0);
      const change = this.state.addGraph(merge(answers), `show more of ${this.caption(x.node)}`, {
        anchor: x.node,
        expansion: { key, node: x.node, pages, more },
      });
      this.state.commit(change);
      this.report(change, `More of ${this.caption(x.node)}`, more);
    });
  }

  /** Expansions of a node that left neighbours out. */
  pending(id: string): Expansion[] {
    return this.state.expansionsOf(id).filter((x) => x.more > 0);
  }

  collapse(id: string): void {
    const change = this.state.collapse(id);
    if (!change.removeNodes.length && !change.removeEdges.length) {
      this.status.notify(`Nothing to collapse: ${this.caption(id)} was not expanded here.`);
      return;
    }
    this.state.commit({ ...change, label: `collapse ${this.caption(id)}` });
    this.status.notify(`Collapsed ${this.caption(id)}: ${change.removeNodes.length} nodes removed.`, 'ok');
  }

  hide(ids: string[]): void {
    if (!ids.length) return;
    this.state.commit(this.state.hide(ids, `hide ${ids.length}`));
  }

  remove(ids: string[]): void {
    if (!ids.length) return;
    const change = this.state.remove(ids, `remove ${ids.length === 1 ? this.caption(ids[0]!) : ids.length}`);
    this.state.commit(change);
  }

  /** Keeps only these nodes (and the edges between them): everything else is removed, as one undo step. */
  dismissOthers(keep: string[]): void {
    const kept = new Set(keep);
    const others = [...this.state.nodes.keys()].filter((id) => !kept.has(id));
    if (!others.length) return;
    this.state.commit(this.state.remove(others, `dismiss ${others.length} other${others.length === 1 ? '' : 's'}`));
    this.status.say(`Kept ${kept.size} node${kept.size === 1 ? '' : 's'}, removed ${others.length}.`);
  }

  showHidden(): void {
    this.state.commit(this.state.showAll());
  }

  clear(): void {
    this.state.commit(this.state.clear());
  }

  undo(): void {
    const diff = this.state.undo();
    if (diff) this.status.say(`Undone: ${diff.change.label}`);
  }

  redo(): void {
    const diff = this.state.redo();
    if (diff) this.status.say(`Redone: ${diff.change.label}`);
  }

  /** Adds a graph answer (paths, console, saved queries) and highlights it. */
  addGraph(graph: ApiGraph, label: string, options: { highlight?: boolean; quiet?: boolean } = {}): Change {
    const change = this.state.addGraph(graph, label);
    this.state.commit(change);
    if (options.highlight !== false) {
      this.view.highlight([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)]);
    }
    if (!options.quiet) this.report(change, label.charAt(0).toUpperCase() + label.slice(1));
    return change;
  }

  /** Finds, adds and highlights the shortest path(s); the answer is for the path panel's hop list. */
  async paths(
    from: string,
    to: string,
    all = false,
    maxHops = 6,
    filters: { types?: string[]; direction?: Direction } = {},
  ): Promise<PathAnswer | undefined> {
    return this.guard('Finding a path', async () => {
      const answer = await this.api.paths({ from, to, all, maxHops, ...filters });
      if (!answer.paths.length) {
        const within = filters.types || filters.direction ? 'with these filters ' : '';
        this.status.notify(
          `No path between ${this.caption(from)} and ${this.caption(to)} ${within}within ${maxHops} hops.`,
          'info',
        );
        return answer;
      }
      const label = `${all ? 'all shortest paths' : 'shortest path'} ${this.caption(from)} → ${this.caption(to)}`;
      const change = this.addGraph(answer, label, { quiet: true });
      const hops = answer.paths[0]!.edges.length;
      const n = answer.paths.length;
      this.status.notify(
        `${n} ${n === 1 ? 'shortest path' : 'shortest paths'} of ${hops} hop${hops === 1 ? '' : 's'} highlighted ` +
          `(${change.addNodes.length} new nodes, ${change.addEdges.length} new edges).`,
        'ok',
      );
      return answer;
    });
  }

  /** Highlights these elements alone (one of several shortest paths). */
  highlight(ids: string[]): void {
    this.view.highlight(ids);
  }

  async connect(ids: string[], maxHops = 4): Promise<void> {
    await this.guard('Connecting', async () => {
      const answer = await this.api.connect({ ids: ids.slice(0, 10), maxHops });
      if (!answer.paths.length) {
        this.status.notify(`No connection within ${maxHops} hops between the selected nodes.`);
        return;
      }
      this.addGraph(answer, `connect ${ids.length} nodes`);
    });
  }

  /**
   * Puts a bundle's messages on the canvas as nodes, with who sent and received them (and, at person
   * level, the accounts between the people and their messages).
   */
  async addMessages(messages: ApiNode[]): Promise<void> {
    if (!messages.length) return;
    await this.guard('Adding messages', async () => {
      const ids = messages.map((m) => m.id).slice(0, 50);
      const around = await this.api.expand({
        ids,
        types: [...BUNDLED_TYPES, 'AFTER'],
        direction: 'both',
        limit: 500,
      });
      const graphs: ApiGraph[] = [{ nodes: messages, edges: [] }, around];
      const newAccounts = around.nodes
        .filter((n) => n.label === 'Account' && !this.state.nodes.has(n.id))
        .map((n) => n.id);
      if (newAccounts.length) {
        const owners = await this.api.expand({ ids: newAccounts.slice(0, 50), types: ['CONTROLS'], direction: 'in' });
        // Only owners already on the canvas: tie the accounts to them without adding new parties.
        graphs.push({ nodes: [], edges: owners.edges.filter((e) => this.state.nodes.has(e.source)) });
      }
      const graph = merge(graphs);
      // Other messages linked by AFTER stay out unless they are already here.
      const keep = new Set([...ids, ...around.nodes.filter((n) => n.label !== 'Message').map((n) => n.id)]);
      const change = this.state.addGraph(
        {
          nodes: graph.nodes.filter((n) => keep.has(n.id) || this.state.nodes.has(n.id)),
          edges: graph.edges,
        },
        `add ${messages.length} message${messages.length === 1 ? '' : 's'}`,
      );
      this.state.commit(change);
      this.view.highlight(ids);
      this.report(change, `Added ${messages.length} message${messages.length === 1 ? '' : 's'}`);
    });
  }
}
