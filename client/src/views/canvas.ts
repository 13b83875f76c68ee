/**
 * The Cytoscape canvas: mirrors the graph state, places what an expansion adds around the node that
 * was expanded (everything else stays where the analyst put it), runs full layouts on demand (draft
 * quality for big canvases, with a "laying out…" indicator), applies filters, the time window and
 * highlights as classes, and adapts to size: a texture while panning between 2,000 and 10,000
 * elements, over 3,000 the lean stylesheet and no hit-testing of plain mouse moves, and after big
 * additions (or a layout, or any change of a big canvas) the next draw builds the renderer's layered
 * cache at once (see bench/client.ts for the figures).
 */
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, EventObject, LayoutOptions, NodeSingular, Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import cytoscapeSvg from 'cytoscape-svg';
import type { Diff, EdgeData, GraphState, NodeData } from '../graph-state.js';
import { separate } from '../spread.js';
import { stylesheet } from '../style.js';

cytoscape.use(fcose);
cytoscape.use(cytoscapeSvg);

export const LAYOUTS = ['fcose', 'concentric', 'breadthfirst', 'grid', 'circle', 'preset'] as const;
export type LayoutName = (typeof LAYOUTS)[number];
export const LAYOUT_NAMES: Record<LayoutName, string> = {
  fcose: 'Force-directed (fcose)',
  concentric: 'Concentric (by degree)',
  breadthfirst: 'Hierarchy (breadth-first)',
  grid: 'Grid',
  circle: 'Circle',
  preset: 'Manual positions (preset)',
};

/** Over this many elements, panning and zooming draw a texture of the graph instead of the graph... */
const TEXTURE_THRESHOLD = 2_000;
/**
 * ...up to this many. The texture is drawn from the layered cache at twice the resolution, a level
 * Cytoscape builds only once a gesture asks for it, during that gesture: the first drag of 50,000
 * elements ran at 11 fps with the texture (1.2 s frames), 53 fps without; at 20,000, 44 fps with a
 * 270 ms frame against 51 fps. (A texture is still used up to here, where the browser tests expect it.)
 */
const TEXTURE_LIMIT = 10_000;
/**
 * Over this many elements the canvas is "big": the lean stylesheet (no captions, icons or arrows but
 * on the selection; see style.ts), and plain mouse moves are not hit-tested (Cytoscape tests every
 * element on each move: ~50 ms at 20,000 elements here).
 */
const BIG_GRAPH = 3_000;
/** A big canvas becomes small again under this many elements (each switch restyles every element). */
const SMALL_AGAIN = 2_000;
/**
 * Over this many nodes, full force layouts run at draft quality. At default quality fcose takes, in
 * headless Chromium here, 1.3 s for 300 correspondence nodes, 3 s for 500, 7 s for 750, 15 s for 1,000.
 */
const DRAFT_THRESHOLD = 500;
/**
 * Up to this many nodes, a draft layout of a forest (no more edges than nodes) is refined in a second
 * step: 2.8 s for a 3,000-node tree. With cycles the refinement (whose iterations fcose sets to at least
 * 5 per node) is no longer short: 46 s for 3,000 nodes with 20% more edges than a tree, over 2.5
 * minutes for 1,500 correspondence nodes (2.3 edges per node), over 3 for 5,000.
 */
const REFINE_LIMIT = 5_000;
/** After adding (or laying out) this many elements at once, the next draw builds the layered cache at once. */
const CACHE_THRESHOLD = 500;
/** Centres of nodes stay at least this far apart after a layout or a placement (a node is 34 wide). */
const NODE_SPACING = 44;
/** Fitting never zooms in further than this. */
const MAX_FIT_ZOOM = 1.3;
/** Up to this many nodes, the view follows additions (fit); beyond, it stays put. */
const SMALL_GRAPH = 40;

export interface CanvasEvents {
  onSelect(ids: string[]): void;
  onExpand(id: string): void;
  onContext(target: { kind: 'node' | 'edge'; id: string } | null, at: { x: number; y: number }): void;
  onBackground(): void;
  onLayout(running: boolean, message?: string): void;
}

/** What renders WebGL here: a real GPU, or software (SwiftShader, llvmpipe) where WebGL is slower than canvas. */
export function webglRenderer(): { available: boolean; software: boolean; name: string } {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return { available: false, software: true, name: 'none' };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return { available: true, software: /swiftshader|llvmpipe|software|softpipe/i.test(name), name };
  } catch {
    return { available: false, software: true, name: 'none' };
  }
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** What the canvas uses of the renderer's internals (each use checks they are there). */
interface RendererInternals {
  textureOnViewport?: boolean;
  getCachedImage?(url: string, crossOrigin: string, onLoad: () => void): unknown;
  data?: { lyrTxrCache?: { firstGet?: boolean } };
}

function nodeDef(n: NodeData, position?: Position): ElementDefinition {
  return {
    group: 'nodes',
    data: { ...n, deg: 0 },
    ...(position ? { position: { ...position } } : {}),
  };
}

function edgeDef(e: EdgeData): ElementDefinition {
  return { group: 'edges', data: { ...e } };
}

export class Canvas {
  readonly cy: Core;
  layout: LayoutName = 'fcose';
  private sizeByDegree = false;
  /** Positions before the last full layout, restored by the "preset" layout. */
  private manualPositions = new Map<string, Position>();
  private selectTimer: ReturnType<typeof setTimeout> | undefined;
  private layoutRunning = false;
  /** Whether the canvas is big (see BIG_GRAPH). */
  private big = false;

  constructor(
    container: HTMLElement,
    private readonly state: GraphState,
    private readonly events: CanvasEvents,
    options: { webgl?: boolean } = {},
  ) {
    const style = stylesheet();
    this.cy = cytoscape({
      // The WebGL renderer: faster on a real GPU, slower under software rendering (the default is canvas).
      ...(options.webgl ? { webgl: true } : {}),
      container,
      style,
      minZoom: 0.03,
      maxZoom: 5,
      boxSelectionEnabled: true,
      selectionType: 'single',
      textureOnViewport: false,
      motionBlur: false,
      pixelRatio: 'auto',
    });
    this.preloadIcons(style);
    // On a big canvas, plain mouse moves (no button) over it do not reach Cytoscape, which would
    // hit-test every element on each one; presses, drags and the wheel still do.
    window.addEventListener(
      'mousemove',
      (e) => {
        if (this.big && e.buttons === 0 && e.target instanceof Node && container.contains(e.target)) {
          e.stopImmediatePropagation();
        }
      },
      { capture: true },
    );
    this.cy.on('select unselect', () => {
      clearTimeout(this.selectTimer);
      this.selectTimer = setTimeout(() => this.events.onSelect(this.selectedIds()), 30);
    });
    this.cy.on('dbltap', 'node', (e: EventObject) => {
      // Two quick shift- (or Ctrl-) clicks add to the selection: they are not a double-click.
      const mouse = e.originalEvent as MouseEvent | undefined;
      if (mouse?.shiftKey || mouse?.ctrlKey || mouse?.metaKey) return;
      this.events.onExpand(e.target.id());
    });
    this.cy.on('cxttap', (e: EventObject) => {
      const pos = e.renderedPosition ?? { x: 0, y: 0 };
      if (e.target === this.cy) this.events.onContext(null, pos);
      else {
        if (!e.target.selected()) {
          this.cy.elements(':selected').unselect();
          e.target.select();
        }
        this.events.onContext({ kind: e.target.isNode() ? 'node' : 'edge', id: e.target.id() }, pos);
      }
    });
    this.cy.on('tap', (e: EventObject) => {
      if (e.target === this.cy) this.events.onBackground();
    });
    this.cy.on('dragfree', 'node', () => this.positionsChanged?.());
    state.subscribe((diff) => this.mirror(diff));
  }

  private renderer(): RendererInternals {
    return (this.cy as unknown as { renderer(): RendererInternals | undefined }).renderer() ?? {};
  }

  /**
   * Loads the icons into the renderer's image cache now: an icon still loading when nodes are first
   * drawn redraws and re-caches each of those nodes once it has loaded, dropping the cache built for
   * the first frame.
   */
  private preloadIcons(style: cytoscape.StylesheetJson): void {
    const r = this.renderer();
    if (typeof r.getCachedImage !== 'function') return;
    for (const rule of style) {
      const url = (rule as { style?: Record<string, unknown> }).style?.['background-image'];
      if (typeof url === 'string' && url.startsWith('data:')) r.getCachedImage(url, 'anonymous', () => undefined);
    }
  }

  /**
   * Has the next draw build Cytoscape's layered cache of the graph at once, as it does for the first
   * draw of an instance, instead of queueing it for idle frames (seconds at 20,000 elements, during
   * which every frame of a pan draws each element on its own).
   */
  private cacheOnNextDraw(): void {
    const layers = this.renderer().data?.lyrTxrCache;
    if (layers && typeof layers.firstGet === 'boolean') layers.firstGet = true;
    this.cy.forceRender();
  }

  /** Renderer options by size: texture while panning/zooming big graphs (not hideEdgesOnViewport alone). */
  private tune(): void {
    const size = this.cy.elements().length;
    this.renderer().textureOnViewport = size > TEXTURE_THRESHOLD && size <= TEXTURE_LIMIT;
  }

  /** Switches between the full and the lean stylesheet (restyling what is on the canvas). */
  private setBig(big: boolean): void {
    if (big === this.big) return;
    this.big = big;
    this.cy.style(stylesheet({ big }));
  }

  /** Called when the analyst moves nodes (for the shared URL). */
  positionsChanged: (() => void) | undefined;

  selectedIds(): string[] {
    return this.cy.elements(':selected').map((e) => e.id());
  }

  selectedNodeIds(): string[] {
    return this.cy.nodes(':selected').map((e) => e.id());
  }

  select(ids: string[], options: { center?: boolean } = {}): void {
    this.cy.batch(() => {
      this.cy.elements(':selected').unselect();
      for (const id of ids) this.cy.getElementById(id).select();
    });
    if (options.center && ids.length) {
      const eles = this.byIds(ids);
      // Instant, not animated: an animation would race the analyst's next click.
      if (eles.nonempty()) {
        this.cy.stop(true, true);
        if (this.cy.zoom() < 0.8) this.cy.zoom(0.8);
        this.cy.center(eles);
      }
    }
  }

  /** The elements with these ids (those on the canvas). */
  byIds(ids: Iterable<string>): cytoscape.CollectionReturnValue {
    const found: cytoscape.SingularElementReturnValue[] = [];
    for (const id of ids) {
      const e = this.cy.getElementById(id);
      if (e.nonempty()) found.push(e);
    }
    return this.cy.collection(found as unknown as cytoscape.CollectionArgument);
  }

  position(id: string): Position | undefined {
    const n = this.cy.getElementById(id);
    return n.nonempty() && n.isNode() ? { ...n.position() } : undefined;
  }

  positions(): Record<string, Position> {
    const out: Record<string, Position> = {};
    this.cy.nodes().forEach((n) => {
      const p = n.position();
      out[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) };
    });
    return out;
  }

  /** Mirrors one change of the graph state on the canvas. */
  private mirror(diff: Diff): void {
    const cy = this.cy;
    const { change } = diff;
    const removing = [...diff.removeNodes, ...diff.removeEdges];
    // Remember where removed nodes stood, so undo (or redo) puts them back there.
    const took = diff.reverse ? change.positions : change.removedPositions;
    const put = diff.reverse ? change.removedPositions : change.positions;
    for (const id of diff.removeNodes) {
      const p = this.position(id);
      if (p) took[id] = p;
    }
    const fresh: string[] = [];
    this.clearHighlight();
    if (removing.length) cy.batch(() => cy.remove(this.byIds(removing)));
    // The stylesheet for the size the canvas is about to have, before adding: each element is styled once.
    const size = cy.elements().length + diff.addNodes.length + diff.addEdges.length;
    this.setBig(this.big ? size >= SMALL_AGAIN : size > BIG_GRAPH);
    cy.batch(() => {
      const defs: ElementDefinition[] = [];
      for (const n of diff.addNodes) {
        const p = put[n.id];
        if (!p) fresh.push(n.id);
        defs.push(nodeDef(n, p));
      }
      for (const e of diff.addEdges) defs.push(edgeDef(e));
      if (defs.length) cy.add(defs);
      for (const id of diff.hide) cy.getElementById(id).addClass('hidden');
      for (const id of diff.show) cy.getElementById(id).removeClass('hidden');
    });
    const added = this.byIds([...diff.addNodes, ...diff.addEdges].map((x) => x.id));
    this.applyFilterClasses(added);
    this.updateDegrees();
    this.tune();
    if (fresh.length) void this.place(fresh, change.anchor);
    // Any change of a big canvas drops (parts of) the cache, which would be rebuilt in idle frames only.
    if (added.length >= CACHE_THRESHOLD || this.big) {
      // The bounds of what was added, now: computed during the next draw, they would drop the cache
      // that draw builds (an expansion of 10 nodes in 20,000 elements: the next drag at 1 fps, not 48).
      if (added.nonempty()) added.union(added.connectedEdges()).boundingBox();
      this.cacheOnNextDraw();
    }
  }

  private isVisible(n: NodeSingular): boolean {
    return !n.hasClass('hidden') && !n.hasClass('filtered') && !n.hasClass('time-out');
  }

  /** Places new nodes: around the anchor, near their neighbours, or by a full layout of an empty canvas. */
  private async place(ids: string[], anchor?: string): Promise<void> {
    const cy = this.cy;
    const nodes = this.byIds(ids).nodes();
    const old = cy.nodes().difference(nodes);
    if (old.empty()) {
      await this.runLayout(this.layout === 'preset' ? 'fcose' : this.layout, { fit: true });
      return;
    }
    const anchorNode = anchor ? cy.getElementById(anchor) : null;
    if (anchorNode && anchorNode.nonempty() && anchorNode.isNode()) {
      this.ring(nodes, anchorNode.position(), old.difference(anchorNode));
    } else {
      this.nearNeighbours(nodes, old);
      if (nodes.length <= 300 && cy.nodes().length <= 1500) await this.settle(nodes);
    }
    this.unstack(nodes);
    // A small graph is fitted (readable); a big one keeps the analyst's viewport unless the new nodes are off screen.
    if (cy.nodes().length <= SMALL_GRAPH) this.fit();
    else this.revealIfOffscreen(nodes);
  }

  /** New nodes on rings around the anchor, opening away from the rest of the graph. */
  private ring(nodes: cytoscape.NodeCollection, center: Position, others: cytoscape.NodeCollection): void {
    let start = 0;
    let arc = 2 * Math.PI;
    if (others.nonempty()) {
      const bb = others.boundingBox();
      const cx = (bb.x1 + bb.x2) / 2;
      const cyy = (bb.y1 + bb.y2) / 2;
      const away = Math.atan2(center.y - cyy, center.x - cx);
      arc = Math.min(2 * Math.PI, Math.max(Math.PI / 2, nodes.length * 0.45), (4 * Math.PI) / 3);
      start = away - arc / 2;
    }
    const sorted = nodes.sort((a, b) => String(a.data('label')).localeCompare(String(b.data('label'))));
    let ringIndex = 0;
    let placed = 0;
    this.cy.batch(() => {
      while (placed < sorted.length) {
        const radius = 170 + ringIndex * 90;
        const capacity = Math.max(1, Math.floor((arc * radius) / 62));
        const count = Math.min(capacity, sorted.length - placed);
        for (let i = 0; i < count; i++) {
          const t = arc >= 2 * Math.PI ? i / count : count === 1 ? 0.5 : i / (count - 1);
          const angle = start + t * arc;
          sorted[placed + i]!.position({
            x: center.x + radius * Math.cos(angle),
            y: center.y + radius * Math.sin(angle),
          });
        }
        placed += count;
        ringIndex++;
      }
    });
  }

  /** Each new node near the mean of its placed neighbours; unattached ones in a column beside the graph. */
  private nearNeighbours(nodes: cytoscape.NodeCollection, old: cytoscape.NodeCollection): void {
    const placed = new Set(old.map((n) => n.id()));
    const pending = new Set(nodes.map((n) => n.id()));
    const bb = old.boundingBox();
    let spare = 0;
    this.cy.batch(() => {
      for (let round = 0; round < 6 && pending.size; round++) {
        for (const id of [...pending]) {
          const n = this.cy.getElementById(id);
          const near = n.neighborhood('node').filter((m) => placed.has(m.id()));
          if (near.empty()) continue;
          let x = 0;
          let y = 0;
          near.forEach((m) => {
            x += m.position().x;
            y += m.position().y;
          });
          const jitter = () => (Math.random() - 0.5) * 120;
          n.position({ x: x / near.length + jitter(), y: y / near.length + jitter() });
          placed.add(id);
          pending.delete(id);
        }
      }
      for (const id of pending) {
        const col = Math.floor(spare / 12);
        this.cy.getElementById(id).position({ x: bb.x2 + 160 + col * 160, y: bb.y1 + (spare % 12) * 70 });
        spare++;
      }
    });
  }

  /**
   * Moves nodes off the ones they landed on (see spread.ts): only `movable` move, every other visible
   * node stays where it is. Layouts and placements both end here, so none of them leaves a stack.
   */
  private unstack(movable: cytoscape.NodeCollection): void {
    const all = this.cy.nodes().not('.hidden, .filtered, .time-out');
    const moving = new Set(movable.map((n) => n.id()));
    const nodes = all.toArray() as NodeSingular[];
    const spread = separate(
      nodes.map((n) => n.position()),
      { spacing: NODE_SPACING, fixed: (i) => !moving.has(nodes[i]!.id()) },
    );
    this.cy.batch(() => {
      nodes.forEach((n, i) => {
        const p = n.position();
        const q = spread[i]!;
        if (p.x !== q.x || p.y !== q.y) n.position({ x: q.x, y: q.y });
      });
    });
  }

  /** A short force layout of the new nodes only, their placed neighbours held where they are. */
  private async settle(nodes: cytoscape.NodeCollection): Promise<void> {
    const around = nodes.neighborhood().nodes().difference(nodes);
    const eles = nodes.union(around).union(nodes.connectedEdges());
    if (around.empty()) return;
    const layout = eles.layout({
      name: 'fcose',
      quality: 'proof',
      randomize: false,
      animate: false,
      fit: false,
      nodeDimensionsIncludeLabels: false,
      numIter: 600,
      idealEdgeLength: () => 110,
      nodeRepulsion: () => 9000,
      fixedNodeConstraint: around.map((n) => ({ nodeId: n.id(), position: { ...(n as NodeSingular).position() } })),
    } as LayoutOptions);
    await this.runAndWait(layout);
  }

  private revealIfOffscreen(nodes: cytoscape.NodeCollection): void {
    const ext = this.cy.extent();
    const bb = nodes.boundingBox();
    const inside = bb.x1 >= ext.x1 && bb.x2 <= ext.x2 && bb.y1 >= ext.y1 && bb.y2 <= ext.y2;
    if (!inside) this.fit();
  }

  private runAndWait(layout: cytoscape.Layouts): Promise<void> {
    return new Promise((resolve) => {
      layout.one('layoutstop', () => resolve());
      layout.run();
    });
  }

  visible(): cytoscape.CollectionReturnValue {
    return this.cy.elements().not('.hidden, .filtered, .time-out');
  }

  /** A full layout of what is visible. Big canvases: draft quality, and the indicator painted first. */
  async runLayout(name: LayoutName = this.layout, options: { fit?: boolean } = {}): Promise<void> {
    if (this.layoutRunning) return;
    const cy = this.cy;
    const eles = this.visible();
    const n = eles.nodes().length;
    if (n === 0) return;
    if (name === 'preset') {
      if (!this.manualPositions.size) return;
      cy.batch(() => {
        cy.nodes().forEach((node) => {
          const p = this.manualPositions.get(node.id());
          if (p) node.position(p);
        });
      });
      this.fit();
      this.positionsChanged?.();
      return;
    }
    this.manualPositions = new Map(cy.nodes().map((node) => [node.id(), { ...node.position() }] as const));
    this.layoutRunning = true;
    const draft = n > DRAFT_THRESHOLD;
    // A big force layout runs in two steps, the page repainting between them: draft (spectral), then a
    // short refinement from the draft positions when the graph is a forest (otherwise it is not short).
    const refine = name === 'fcose' && draft && n <= REFINE_LIMIT && eles.edges().length <= n;
    const steps = refine ? ', step 1 of 2' : '';
    this.events.onLayout(true, `Laying out ${n.toLocaleString('en')} nodes${draft ? ` (draft quality${steps})` : ''}…`);
    await nextFrame();
    const started = performance.now();
    try {
      // Not animated: a layout's end is then the moment positions are final (and tests can rely on it).
      const common = { animate: false, fit: options.fit ?? true, padding: 40 };
      let layoutOptions: LayoutOptions;
      switch (name) {
        case 'fcose':
          layoutOptions = {
            name: 'fcose',
            ...common,
            quality: draft ? 'draft' : 'default',
            randomize: true,
            nodeDimensionsIncludeLabels: !draft && n < 300,
            idealEdgeLength: () => 110,
            nodeRepulsion: () => 9000,
            nodeSeparation: 90,
            packComponents: true,
          } as LayoutOptions;
          break;
        case 'concentric':
          layoutOptions = {
            name: 'concentric',
            ...common,
            concentric: (node: NodeSingular) => node.degree(false),
            levelWidth: () => 2,
            minNodeSpacing: 40,
          } as LayoutOptions;
          break;
        case 'breadthfirst': {
          const selected = eles.nodes(':selected');
          const roots = selected.nonempty() ? selected : eles.nodes().max((m) => m.degree(false)).ele;
          layoutOptions = {
            name: 'breadthfirst',
            ...common,
            directed: false,
            roots,
            spacingFactor: 1.1,
          } as LayoutOptions;
          break;
        }
        case 'grid':
          layoutOptions = { name: 'grid', ...common, avoidOverlapPadding: 30 } as LayoutOptions;
          break;
        case 'circle':
          layoutOptions = { name: 'circle', ...common, spacingFactor: 1.1 } as LayoutOptions;
          break;
      }
      await this.runAndWait(eles.layout(layoutOptions));
      if (refine) {
        this.events.onLayout(true, `Refining the layout of ${n.toLocaleString('en')} nodes (step 2 of 2)…`);
        await nextFrame();
        await this.runAndWait(
          eles.layout({
            name: 'fcose',
            ...common,
            quality: 'proof',
            randomize: false,
            numIter: 400,
            idealEdgeLength: () => 80,
            nodeRepulsion: () => 6000,
          } as LayoutOptions),
        );
      }
      // Whatever the layout did (fcose's draft gives a hub's leaves one spot), no node stays on another.
      this.unstack(eles.nodes());
      if (options.fit ?? true) this.fit();
    } finally {
      this.layoutRunning = false;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      this.events.onLayout(false, `Laid out ${n.toLocaleString('en')} nodes in ${seconds} s`);
      if (n >= CACHE_THRESHOLD) this.cacheOnNextDraw();
      this.positionsChanged?.();
    }
  }

  fit(): void {
    const eles = this.visible();
    if (eles.empty()) return;
    this.cy.stop(true, true);
    this.cy.fit(eles, 40);
    this.capZoom();
  }

  /** A fit of a few nodes should not blow them up: at most a comfortable reading zoom. */
  private capZoom(): void {
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center(this.visible());
    }
  }

  zoomBy(factor: number): void {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  setSizeByDegree(on: boolean): void {
    this.sizeByDegree = on;
    this.updateDegrees();
    if (on) this.cy.nodes().addClass('sized');
    else this.cy.nodes().removeClass('sized');
  }

  private updateDegrees(): void {
    if (!this.sizeByDegree) return;
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.data('deg', n.connectedEdges().not('.hidden, .filtered, .time-out').length);
        if (!n.hasClass('sized')) n.addClass('sized');
      });
    });
  }

  // Filters, the time window and highlights are classes, not history.
  private hiddenLabels = new Set<string>();
  private hiddenTypes = new Set<string>();
  private timeOut: (data: NodeData | EdgeData) => boolean = () => false;

  setFilters(labels: Iterable<string>, types: Iterable<string>): void {
    this.hiddenLabels = new Set(labels);
    this.hiddenTypes = new Set(types);
    this.applyFilterClasses(this.cy.elements());
  }

  /** A predicate telling which elements lie outside the time window (null: no window). */
  setTimeFilter(outside: ((data: NodeData | EdgeData) => boolean) | null): void {
    this.timeOut = outside ?? (() => false);
    this.applyFilterClasses(this.cy.elements());
  }

  private applyFilterClasses(eles: cytoscape.CollectionReturnValue): void {
    this.cy.batch(() => {
      eles.forEach((e) => {
        const data = e.data() as NodeData & EdgeData;
        const filtered = e.isNode() ? this.hiddenLabels.has(data.label) : this.hiddenTypes.has(data.type);
        const out = this.timeOut(data);
        // Only what changes: toggleClass restyles every element it is given, changed or not.
        if (e.hasClass('filtered') !== filtered) e.toggleClass('filtered', filtered);
        if (e.hasClass('time-out') !== out) e.toggleClass('time-out', out);
      });
      // Edges whose end is filtered out go with it (Cytoscape hides them anyway; keep the class honest).
    });
    this.updateDegrees();
  }

  highlight(ids: string[]): void {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.hl, .faded').removeClass('hl faded');
      if (!ids.length) return;
      const set = this.byIds(ids);
      set.addClass('hl');
      cy.elements().difference(set).addClass('faded');
    });
  }

  clearHighlight(): void {
    // Not cy.elements(): removeClass restyles every element it is given (each change of the canvas
    // and each click on the background would restyle all of a big canvas).
    this.cy.elements('.hl, .faded').removeClass('hl faded');
  }

  /** Counts on the canvas per node label and per relationship type, for the legend. */
  counts(): { labels: Map<string, number>; types: Map<string, number> } {
    const labels = new Map<string, number>();
    const types = new Map<string, number>();
    for (const n of this.state.nodes.values()) labels.set(n.label, (labels.get(n.label) ?? 0) + 1);
    for (const e of this.state.edges.values()) types.set(e.type, (types.get(e.type) ?? 0) + 1);
    return { labels, types };
  }

  /** Restores node positions (from a file or the URL) without a layout. */
  setPositions(positions: Record<string, Position>): void {
    this.cy.batch(() => {
      for (const [id, p] of Object.entries(positions)) {
        const n = this.cy.getElementById(id);
        if (n.nonempty()) n.position(p);
      }
    });
  }

  renderedPositionOf(id: string): Position | null {
    const n = this.cy.getElementById(id);
    return n.nonempty() ? n.renderedPosition() : null;
  }
}
