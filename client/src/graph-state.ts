/**
 * What is on the canvas, as plain data, and every change to it as an undoable record: answers from
 * the API become node and edge data (captions, bundle weights), merge into what is there, remember
 * which expansion added what (to collapse it or page on), and go through one history for undo and
 * redo. Pure: no DOM, no Cytoscape; the canvas view listens and mirrors each change.
 */
import { bundleCaption, formatDuration, revealControls } from './format.js';
import type { ApiEdge, ApiGraph, ApiNode, ExpandRequest } from './types.js';

export interface NodeData {
  readonly id: string;
  readonly label: string;
  readonly labels: string[];
  readonly caption: string;
  readonly properties: Record<string, unknown>;
  /** A message whose sending time is unknown (drawn with a dashed border). */
  readonly undated?: boolean;
}

export interface EdgeData {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly properties: Record<string, unknown>;
  readonly caption: string;
  /** Messages in a correspondence bundle (the edge's width). */
  readonly weight?: number;
  /** The caption says something on its own and is always drawn. */
  readonly showCaption?: boolean;
}

export interface Position {
  x: number;
  y: number;
}

/** What one expansion added, to collapse it or fetch its next page. */
export interface Expansion {
  readonly key: string;
  readonly node: string;
  /** Each request of the expansion with how many neighbours it left out. */
  readonly pages: { readonly request: ExpandRequest; readonly more: number }[];
  readonly nodes: string[];
  readonly edges: string[];
  /** Neighbours not yet shown (the API's `more`, summed over the requests). */
  readonly more: number;
}

export interface Change {
  readonly label: string;
  readonly addNodes: NodeData[];
  readonly addEdges: EdgeData[];
  readonly removeNodes: NodeData[];
  readonly removeEdges: EdgeData[];
  readonly hide: string[];
  readonly show: string[];
  /**
   * Where the added nodes stand, and where the removed ones stood: the canvas fills these in when it
   * takes nodes away and reads them when it puts nodes (back) on, so undo and redo keep positions.
   */
  readonly positions: Record<string, Position>;
  readonly removedPositions: Record<string, Position>;
  /** New nodes are placed around this node. */
  readonly anchor?: string;
  readonly setExpansions: Expansion[];
  readonly dropExpansions: Expansion[];
  /** Removed elements that were hidden: hidden again when the removal is undone. */
  readonly wasHidden?: string[];
}

/** What the canvas must do to mirror one applied change. */
export interface Diff {
  readonly change: Change;
  readonly reverse: boolean;
  readonly addNodes: NodeData[];
  readonly addEdges: EdgeData[];
  readonly removeNodes: string[];
  readonly removeEdges: string[];
  readonly hide: string[];
  readonly show: string[];
}

export type Listener = (diff: Diff, kind: 'do' | 'undo' | 'redo') => void;

const HISTORY_LIMIT = 200;

export function emptyChange(label: string, parts: Partial<Omit<Change, 'label'>> = {}): Change {
  return {
    label,
    addNodes: [],
    addEdges: [],
    removeNodes: [],
    removeEdges: [],
    hide: [],
    show: [],
    positions: {},
    removedPositions: {},
    setExpansions: [],
    dropExpansions: [],
    ...parts,
  };
}

export function isEmpty(change: Change): boolean {
  return (
    !change.addNodes.length &&
    !change.addEdges.length &&
    !change.removeNodes.length &&
    !change.removeEdges.length &&
    !change.hide.length &&
    !change.show.length &&
    !change.setExpansions.length &&
    !change.dropExpansions.length
  );
}

export function nodeData(node: ApiNode): NodeData {
  const props = node.properties;
  const undated = node.label === 'Message' && (props.sentPrecision === 'unknown' || props.sentFrom === undefined);
  return {
    id: node.id,
    label: node.label,
    labels: node.labels,
    // Drawn as canvas text, which reorders around bidirectional controls as HTML does.
    caption: revealControls(node.caption),
    properties: props,
    ...(undated ? { undated: true } : {}),
  };
}

export function edgeData(edge: ApiEdge): EdgeData {
  const p = edge.properties;
  if (edge.type === 'CORRESPONDENCE') {
    const weight = typeof p.messages === 'number' ? p.messages : Number(p.messages) || 1;
    return { ...edge, caption: bundleCaption(weight, p.first, p.last), weight, showCaption: true };
  }
  if (edge.type === 'AFTER' && typeof p.delay === 'string') {
    return { ...edge, caption: `${formatDuration(p.delay)} after`, showCaption: true };
  }
  if (typeof p.role === 'string' && p.role) return { ...edge, caption: revealControls(p.role), showCaption: true };
  return { ...edge, caption: edge.type };
}

export class GraphState {
  readonly nodes = new Map<string, NodeData>();
  readonly edges = new Map<string, EdgeData>();
  readonly hidden = new Set<string>();
  readonly expansions = new Map<string, Expansion>();
  private readonly undoStack: Change[] = [];
  private readonly redoStack: Change[] = [];
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  has(id: string): boolean {
    return this.nodes.has(id) || this.edges.has(id);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  get undoLabel(): string | undefined {
    return this.undoStack.at(-1)?.label;
  }

  get redoLabel(): string | undefined {
    return this.redoStack.at(-1)?.label;
  }

  /** Adding an answer: the nodes not yet here, and edges whose both ends will be here; hidden ones shown again. */
  addGraph(
    graph: ApiGraph,
    label: string,
    options: {
      anchor?: string;
      expansion?: Omit<Expansion, 'nodes' | 'edges'>;
      positions?: Record<string, Position>;
    } = {},
  ): Change {
    const addNodes: NodeData[] = [];
    const seen = new Set<string>();
    for (const n of graph.nodes) {
      if (this.nodes.has(n.id) || seen.has(n.id)) continue;
      seen.add(n.id);
      addNodes.push(nodeData(n));
    }
    const present = (id: string) => this.nodes.has(id) || seen.has(id);
    const addEdges: EdgeData[] = [];
    const seenEdges = new Set<string>();
    for (const e of graph.edges) {
      if (this.edges.has(e.id) || seenEdges.has(e.id) || !present(e.source) || !present(e.target)) continue;
      seenEdges.add(e.id);
      addEdges.push(edgeData(e));
    }
    const show = [...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)].filter((id) => this.hidden.has(id));
    const setExpansions: Expansion[] = [];
    const dropExpansions: Expansion[] = [];
    if (options.expansion) {
      const previous = this.expansions.get(options.expansion.key);
      if (previous) dropExpansions.push(previous);
      setExpansions.push({
        ...options.expansion,
        nodes: [...(previous?.nodes ?? []), ...addNodes.map((n) => n.id)],
        edges: [...(previous?.edges ?? []), ...addEdges.map((e) => e.id)],
      });
    }
    return emptyChange(label, {
      addNodes,
      addEdges,
      show,
      positions: { ...options.positions },
      ...(options.anchor ? { anchor: options.anchor } : {}),
      setExpansions,
      dropExpansions,
    });
  }

  /** Removing nodes (with every edge that touches them) and edges. */
  remove(ids: Iterable<string>, label: string): Change {
    const nodeIds = new Set<string>();
    const edgeIds = new Set<string>();
    for (const id of ids) {
      if (this.nodes.has(id)) nodeIds.add(id);
      else if (this.edges.has(id)) edgeIds.add(id);
    }
    for (const e of this.edges.values()) {
      if (nodeIds.has(e.source) || nodeIds.has(e.target)) edgeIds.add(e.id);
    }
    const dropExpansions = [...this.expansions.values()].filter((x) => nodeIds.has(x.node));
    return emptyChange(label, {
      removeNodes: [...nodeIds].map((id) => this.nodes.get(id)!),
      removeEdges: [...edgeIds].map((id) => this.edges.get(id)!),
      wasHidden: [...nodeIds, ...edgeIds].filter((id) => this.hidden.has(id)),
      dropExpansions,
    });
  }

  /** Collapsing a node: remove what its expansions added (except nodes that were there before or are anchors). */
  collapse(nodeId: string): Change {
    const mine = [...this.expansions.values()].filter((x) => x.node === nodeId);
    const keep = new Set<string>([nodeId]);
    const added = new Set<string>();
    for (const x of mine) for (const id of x.nodes) if (this.nodes.has(id) && !keep.has(id)) added.add(id);
    const edgesAdded = mine.flatMap((x) => x.edges).filter((id) => this.edges.has(id));
    const change = this.remove([...added, ...edgesAdded], 'collapse');
    const drops = new Set(change.dropExpansions);
    for (const x of mine) drops.add(x);
    return { ...change, dropExpansions: [...drops] };
  }

  /** Replacing everything (an imported file, a shared view): one change, undone as one. */
  replace(
    graph: ApiGraph,
    label: string,
    options: { positions?: Record<string, Position>; hidden?: Iterable<string> } = {},
  ): Change {
    const removal = this.remove([...this.nodes.keys(), ...this.edges.keys()], label);
    const nodes = new Map<string, NodeData>();
    for (const n of graph.nodes) if (!nodes.has(n.id)) nodes.set(n.id, nodeData(n));
    const edges = new Map<string, EdgeData>();
    for (const e of graph.edges) {
      if (!edges.has(e.id) && nodes.has(e.source) && nodes.has(e.target)) edges.set(e.id, edgeData(e));
    }
    const hidden = new Set(options.hidden ?? []);
    return {
      ...removal,
      addNodes: [...nodes.values()],
      addEdges: [...edges.values()],
      hide: [...hidden].filter((id) => nodes.has(id) || edges.has(id)),
      positions: { ...options.positions },
    };
  }

  hide(ids: Iterable<string>, label = 'hide'): Change {
    const hide = [...new Set(ids)].filter((id) => this.has(id) && !this.hidden.has(id));
    return emptyChange(label, { hide });
  }

  showAll(label = 'show hidden'): Change {
    return emptyChange(label, { show: [...this.hidden] });
  }

  clear(label = 'clear the canvas'): Change {
    return this.remove([...this.nodes.keys()], label);
  }

  /** Applies a change forwards (or backwards) to the data, and tells the listeners. */
  private apply(change: Change, reverse: boolean, kind: 'do' | 'undo' | 'redo'): Diff {
    const addNodes = reverse ? change.removeNodes : change.addNodes;
    const addEdges = reverse ? change.removeEdges : change.addEdges;
    const removeNodes = reverse ? change.addNodes : change.removeNodes;
    const removeEdges = reverse ? change.addEdges : change.removeEdges;
    const hide = [...(reverse ? change.show : change.hide)];
    const show = reverse ? change.hide : change.show;
    const setX = reverse ? change.dropExpansions : change.setExpansions;
    const dropX = reverse ? change.setExpansions : change.dropExpansions;

    const removedEdgeIds = removeEdges.filter((e) => this.edges.has(e.id)).map((e) => e.id);
    const removedNodeIds = removeNodes.filter((n) => this.nodes.has(n.id)).map((n) => n.id);
    for (const id of removedEdgeIds) this.edges.delete(id);
    for (const id of removedNodeIds) this.nodes.delete(id);
    const addedNodes = addNodes.filter((n) => !this.nodes.has(n.id));
    for (const n of addedNodes) this.nodes.set(n.id, n);
    const addedEdges = addEdges.filter(
      (e) => !this.edges.has(e.id) && this.nodes.has(e.source) && this.nodes.has(e.target),
    );
    for (const e of addedEdges) this.edges.set(e.id, e);
    const diff: Diff = {
      change,
      reverse,
      addNodes: addedNodes,
      addEdges: addedEdges,
      removeNodes: removedNodeIds,
      removeEdges: removedEdgeIds,
      hide: [],
      show: [],
    };
    for (const id of [...diff.removeNodes, ...diff.removeEdges]) this.hidden.delete(id);
    if (reverse) hide.push(...(change.wasHidden ?? []));
    for (const id of show) {
      if (this.hidden.delete(id)) (diff.show as string[]).push(id);
    }
    for (const id of hide) {
      if (this.has(id) && !this.hidden.has(id)) {
        this.hidden.add(id);
        (diff.hide as string[]).push(id);
      }
    }
    for (const x of dropX) if (this.expansions.get(x.key) === x) this.expansions.delete(x.key);
    for (const x of setX) this.expansions.set(x.key, x);
    for (const l of this.listeners) l(diff, kind);
    return diff;
  }

  /** Applies a change and records it for undo. Empty changes are not recorded. */
  commit(change: Change): Diff | null {
    if (isEmpty(change)) return null;
    // The history first: listeners read it (the Undo button's title, Redo's state) as they are told.
    this.undoStack.push(change);
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift();
    this.redoStack.length = 0;
    return this.apply(change, false, 'do');
  }

  undo(): Diff | null {
    const change = this.undoStack.pop();
    if (!change) return null;
    this.redoStack.push(change);
    return this.apply(change, true, 'undo');
  }

  redo(): Diff | null {
    const change = this.redoStack.pop();
    if (!change) return null;
    this.undoStack.push(change);
    return this.apply(change, false, 'redo');
  }

  /** Expansions anchored at a node. */
  expansionsOf(nodeId: string): Expansion[] {
    return [...this.expansions.values()].filter((x) => x.node === nodeId);
  }

  /** Edges of the canvas touching a node. */
  edgesOf(nodeId: string): EdgeData[] {
    return [...this.edges.values()].filter((e) => e.source === nodeId || e.target === nodeId);
  }
}
