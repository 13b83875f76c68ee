/**
 * The analyst's client: wires the API, the graph state, the canvas and the views together, the
 * keyboard shortcuts, export and import, and the view kept in the URL.
 */
import './app.css';
import { Api, describeError } from './api.js';
import { append, button, download, h, isTyping } from './dom.js';
import { Explorer, PARTY_LABELS } from './explorer.js';
import { canvasDocument, edgesCsv, ImportError, nodesCsv, parseCanvasDocument, stamp } from './export.js';
import { GraphState } from './graph-state.js';
import { decodeView, encodeView, fetchView } from './share.js';
import type { ViewState } from './share.js';
import type { StatsAnswer } from './types.js';
import { Canvas, LAYOUTS, webglRenderer } from './views/canvas.js';
import type { LayoutName } from './views/canvas.js';
import type { CypherConsole } from './views/console.js';
import { Details } from './views/details.js';
import { Legend } from './views/legend.js';
import { ContextMenu } from './views/menu.js';
import type { MenuItem } from './views/menu.js';
import { SavedQueries } from './views/queries.js';
import { SearchBox } from './views/search.js';
import { StartPage } from './views/start.js';
import { Status } from './views/status.js';
import { Timeline } from './views/timeline.js';
import { askToken } from './views/token.js';
import { Toolbar } from './views/toolbar.js';

const $ = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
};

const status = new Status($('status'), $('banner'), $('toasts'), $('overlay'));
const api = new Api({
  onBusy: (n) => status.busy(n),
  onOutage: (message) => status.outage(message),
  askToken,
});
const state = new GraphState();
const stage = $('stage');

let restoring = false;

const WEBGL_KEY = 'backchannel.webgl';
const useWebgl = localStorage.getItem(WEBGL_KEY) === 'on' && webglRenderer().available;
const canvas = new Canvas(
  $('cy'),
  state,
  {
    onSelect: (ids) => {
      details.show(ids);
      updateToolbar();
    },
    onExpand: (id) => void explorer.expand(id),
    onContext: (target, at) => openMenu(target, at),
    onBackground: () => canvas.clearHighlight(),
    onLayout: (running, message) => {
      status.overlay(running ? (message ?? 'Laying out…') : null);
      if (!running && message) status.say(message);
    },
  },
  { webgl: useWebgl },
);
canvas.positionsChanged = () => scheduleHash();
const explorer = new Explorer(api, state, canvas, status);
const details = new Details($('details'), api, explorer);

const legend = new Legend(
  $('sidebar'),
  (filters) => {
    canvas.setFilters(filters.hiddenLabels, filters.hiddenTypes);
    scheduleHash();
  },
  (on) => canvas.setSizeByDegree(on),
  {
    webgl: useWebgl,
    // Asked only when the analyst looks at the option: probing WebGL has a cost (and console noise).
    gpuNote: () => {
      const gpu = webglRenderer();
      if (!gpu.available) return 'WebGL is not available in this browser.';
      return gpu.software
        ? `WebGL runs in software here (${gpu.name}): slower than the default renderer.`
        : `GPU: ${gpu.name}. WebGL draws big graphs faster.`;
    },
    onWebgl: (on) => {
      // The renderer is chosen at start: reload, the view comes back from the URL.
      localStorage.setItem(WEBGL_KEY, on ? 'on' : 'off');
      void writeHash().then(() => location.reload());
    },
  },
);

const search = new SearchBox($('search'), api, (node) => void explorer.addNodes([node]));

// The file input for importing a canvas.
const importInput = h('input', { type: 'file', hidden: true, attrs: { accept: '.json,application/json' } });
importInput.addEventListener('change', () => {
  const file = importInput.files?.[0];
  importInput.value = '';
  if (file) void importFile(file);
});
document.body.append(importInput);

const start = new StartPage(
  $('start'),
  api,
  (node) => void explorer.addNodes([node]),
  () => importInput.click(),
);

const menu = new ContextMenu(stage);

// The dock: timeline, console, saved queries.
const dock = $('dock');
const tabs = h('div', { className: 'dock-tabs', role: 'tablist' });
const panels = h('div', { className: 'dock-panels' });
const timelinePanel = h('div', { className: 'dock-panel timeline', id: 'panel-timeline', role: 'tabpanel' });
const consolePanel = h('div', { className: 'dock-panel console', id: 'panel-console', role: 'tabpanel', hidden: true });
const queriesPanel = h('div', { className: 'dock-panel queries', id: 'panel-queries', role: 'tabpanel', hidden: true });
panels.append(timelinePanel, consolePanel, queriesPanel);
const grip = h('div', {
  className: 'dock-grip',
  title: 'Drag to resize',
  role: 'separator',
  ariaLabel: 'Resize the panel',
});
dock.append(grip, tabs, panels);
grip.addEventListener('pointerdown', (e) => {
  if (!dock.classList.contains('open')) return;
  grip.setPointerCapture(e.pointerId);
  const startY = e.clientY;
  const startHeight = dock.getBoundingClientRect().height;
  const move = (m: PointerEvent) => {
    const height = Math.max(160, Math.min(window.innerHeight - 200, startHeight + startY - m.clientY));
    document.documentElement.style.setProperty('--dock-height', `${Math.round(height)}px`);
    canvas.cy.resize();
  };
  const up = () => {
    grip.removeEventListener('pointermove', move);
    grip.removeEventListener('pointerup', up);
  };
  grip.addEventListener('pointermove', move);
  grip.addEventListener('pointerup', up);
});

const timeline: Timeline = new Timeline(timelinePanel, api, {
  partyIds: () => [...state.nodes.values()].filter((n) => PARTY_LABELS.has(n.label)).map((n) => n.id),
  onWindow: (window) => {
    canvas.setTimeFilter(window ? (d) => timeline.outside(d) : null);
    scheduleHash();
  },
  goTo: (id) => void details.goTo(id),
  isOnCanvas: (id) => state.nodes.has(id),
});
let cypherConsole: CypherConsole | null = null;
const queries = new SavedQueries(queriesPanel, api, (graph) => explorer.addGraph(graph, 'saved query answer'));

/** The console (and CodeMirror with it) loads the first time its tab opens. */
let consoleLoading: Promise<void> | null = null;
function openConsole(): Promise<void> {
  consoleLoading ??= import('./views/console.js').then(
    ({ CypherConsole }) => {
      cypherConsole = new CypherConsole(consolePanel, api, (graph) => explorer.addGraph(graph, 'console answer'));
    },
    (error: unknown) => {
      consoleLoading = null;
      status.notify(`The console failed to load: ${describeError(error)}`, 'error');
    },
  );
  return consoleLoading;
}

type Tab = 'timeline' | 'console' | 'queries';
const tabButtons = new Map<Tab, HTMLButtonElement>();
const tabPanels: Record<Tab, HTMLElement> = { timeline: timelinePanel, console: consolePanel, queries: queriesPanel };
let openTab: Tab | null = null;

function showTab(tab: Tab | null): void {
  openTab = tab;
  dock.classList.toggle('open', tab !== null);
  for (const [name, b] of tabButtons) {
    b.setAttribute('aria-selected', String(name === tab));
    b.classList.toggle('active', name === tab);
    tabPanels[name].hidden = name !== tab;
  }
  timeline.visible = tab === 'timeline';
  if (tab === 'timeline') timeline.show();
  if (tab === 'console' && !cypherConsole) void openConsole();
  if (tab === 'queries') void queries.show();
  // The canvas changes size with the dock.
  requestAnimationFrame(() => canvas.cy.resize());
}

for (const [tab, label] of [
  ['timeline', 'Timeline'],
  ['console', 'Cypher console'],
  ['queries', 'Saved queries'],
] as [Tab, string][]) {
  const b = h(
    'button',
    {
      type: 'button',
      role: 'tab',
      className: 'dock-tab',
      id: `tab-${tab}`,
      on: { click: () => showTab(openTab === tab ? null : tab) },
    },
    label,
  );
  tabButtons.set(tab, b);
  tabs.append(b);
}
tabs.append(
  h('span', { className: 'spacer' }),
  button('▾', () => showTab(openTab ? null : 'timeline'), {
    className: 'dock-toggle',
    title: 'Open or close the panel',
  }),
);

// The toolbar.
const toolbar = new Toolbar($('toolbar'), {
  layout: (name) => {
    canvas.layout = name;
    void canvas.runLayout(name);
  },
  rerun: () => void canvas.runLayout(canvas.layout),
  fit: () => canvas.fit(),
  zoom: (f) => canvas.zoomBy(f),
  undo: () => explorer.undo(),
  redo: () => explorer.redo(),
  path: (all) => pathBetweenSelected(all),
  connect: () => void explorer.connect(canvas.selectedNodeIds()),
  exportPng,
  exportSvg,
  exportJson,
  exportCsv,
  importJson: () => importInput.click(),
  share: () => void share(),
  showHidden: () => explorer.showHidden(),
  clear: () => explorer.clear(),
  help,
});

function updateToolbar(): void {
  toolbar.update({
    canUndo: state.canUndo,
    canRedo: state.canRedo,
    undoLabel: state.undoLabel,
    redoLabel: state.redoLabel,
    selectedNodes: canvas.selectedNodeIds().length,
    hidden: state.hidden.size,
  });
}

state.subscribe((diff) => {
  const { labels, types } = canvas.counts();
  legend.update(labels, types);
  start.visible = state.nodes.size === 0;
  updateToolbar();
  timeline.canvasChanged();
  scheduleHash();
  // Keep the details of a selected node current (e.g. "show more" after an expansion).
  const selected = canvas.selectedIds();
  const touched = [...diff.change.setExpansions, ...diff.change.dropExpansions].map((x) => x.node);
  if (selected.length === 1 && touched.includes(selected[0]!)) details.show(selected);
  if (selected.length === 0 && (diff.removeNodes.length || diff.removeEdges.length)) details.empty();
});

function pathBetweenSelected(all: boolean): void {
  const nodes = canvas.selectedNodeIds();
  if (nodes.length !== 2) {
    status.notify('Select exactly two nodes (shift-click) to find a path between them.');
    return;
  }
  void explorer.paths(nodes[0]!, nodes[1]!, all);
}

function openMenu(target: { kind: 'node' | 'edge'; id: string } | null, at: { x: number; y: number }): void {
  const items: MenuItem[] = [];
  let title = 'Canvas';
  if (target?.kind === 'node') {
    const node = state.nodes.get(target.id);
    if (!node) return;
    title = node.caption;
    const selectedNodes = canvas.selectedNodeIds();
    items.push(
      {
        label: PARTY_LABELS.has(node.label) ? 'Expand (bundled)' : 'Expand',
        keys: 'E',
        run: () => void explorer.expand(node.id),
      },
      { label: 'Expand by type and direction…', run: () => void details.showNode(node, { openExpand: true }) },
    );
    for (const x of explorer.pending(node.id)) {
      items.push({ label: `Show ${x.more} more`, run: () => void explorer.showMore(x.key) });
    }
    items.push(
      {
        label: 'Collapse',
        keys: 'C',
        run: () => explorer.collapse(node.id),
        disabled: !state.expansionsOf(node.id).length,
      },
      {
        label: 'Select neighbours',
        run: () =>
          canvas.select([
            node.id,
            ...canvas.cy
              .getElementById(node.id)
              .neighborhood()
              .nodes()
              .map((n) => n.id()),
          ]),
      },
    );
    if (selectedNodes.length === 2 && selectedNodes.includes(node.id)) {
      items.push(
        {
          label: 'Shortest path between the two selected',
          keys: 'P',
          run: () => pathBetweenSelected(false),
          separatorBefore: true,
        },
        { label: 'All shortest paths between them', run: () => pathBetweenSelected(true) },
      );
    }
    items.push(
      { label: 'Hide', keys: 'H', run: () => explorer.hide(canvas.selectedIds()), separatorBefore: true },
      { label: 'Remove', keys: 'Del', run: () => explorer.remove(canvas.selectedIds()) },
    );
  } else if (target?.kind === 'edge') {
    const edge = state.edges.get(target.id);
    if (!edge) return;
    title = edge.caption;
    items.push(
      { label: 'Details', run: () => details.show([edge.id]) },
      { label: 'Hide', keys: 'H', run: () => explorer.hide([edge.id]) },
      { label: 'Remove', keys: 'Del', run: () => explorer.remove([edge.id]) },
    );
  } else {
    items.push(
      { label: 'Fit', keys: 'F', run: () => canvas.fit() },
      { label: 'Re-run layout', keys: 'L', run: () => void canvas.runLayout(canvas.layout) },
      { label: 'Undo', keys: 'Ctrl+Z', run: () => explorer.undo(), disabled: !state.canUndo },
      { label: 'Redo', keys: 'Ctrl+Shift+Z', run: () => explorer.redo(), disabled: !state.canRedo },
      { label: `Show ${state.hidden.size} hidden`, run: () => explorer.showHidden(), disabled: !state.hidden.size },
    );
  }
  menu.show(at, title, items);
}

// Keyboard: shortcuts when not typing.
document.addEventListener('keydown', (e) => {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.key.toLowerCase() === 'z' && !isTyping(e)) {
    e.preventDefault();
    if (e.shiftKey) explorer.redo();
    else explorer.undo();
    return;
  }
  if (mod && e.key.toLowerCase() === 'y' && !isTyping(e)) {
    e.preventDefault();
    explorer.redo();
    return;
  }
  if (mod || e.altKey || isTyping(e)) return;
  const selected = canvas.selectedIds();
  const nodes = canvas.selectedNodeIds();
  switch (e.key) {
    case '/':
      e.preventDefault();
      search.focus();
      break;
    case 'e':
    case 'E':
      for (const id of nodes.slice(0, 10)) void explorer.expand(id);
      break;
    case 'c':
    case 'C':
      for (const id of nodes) explorer.collapse(id);
      break;
    case 'h':
    case 'H':
      explorer.hide(selected);
      break;
    case 'Delete':
    case 'Backspace':
      explorer.remove(selected);
      break;
    case 'p':
    case 'P':
      pathBetweenSelected(e.shiftKey);
      break;
    case 'f':
    case 'F':
      canvas.fit();
      break;
    case 'l':
    case 'L':
      void canvas.runLayout(canvas.layout);
      break;
    case 'Escape':
      menu.close();
      canvas.clearHighlight();
      break;
    case '?':
      help();
      break;
    default:
      return;
  }
});

function help(): void {
  const rows: [string, string][] = [
    ['/', 'search'],
    ['double-click, E', 'expand the selected nodes'],
    ['right-click', 'menu: expand by type, show more, collapse, paths…'],
    ['C', 'collapse what an expansion added'],
    ['H', 'hide the selection'],
    ['Delete', 'remove the selection'],
    ['shift-click, shift-drag', 'select several'],
    ['P / Shift+P', 'shortest path / all shortest paths between two selected nodes'],
    ['F', 'fit'],
    ['L', 're-run the layout'],
    ['Ctrl+Z / Ctrl+Shift+Z', 'undo / redo'],
    ['Ctrl+Enter', 'run the console query'],
  ];
  const close = h('button', { type: 'button', className: 'primary' }, 'Close');
  const dialog = h(
    'dialog',
    { className: 'dialog' },
    h('h2', {}, 'Keyboard and mouse'),
    h(
      'table',
      { className: 'props' },
      ...rows.map(([k, v]) => h('tr', {}, h('th', {}, h('kbd', {}, k)), h('td', {}, v))),
    ),
    h('div', { className: 'row' }, close),
  );
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

// Export and import.
function exportPng(): void {
  if (!state.nodes.size) return status.notify('The canvas is empty.');
  const blob = canvas.cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff', maxWidth: 8000, maxHeight: 8000 });
  download(blob, `backchannel-${stamp()}.png`);
  status.notify('Exported the graph as PNG.', 'ok');
}

function exportSvg(): void {
  if (!state.nodes.size) return status.notify('The canvas is empty.');
  const text = canvas.cy.svg({ full: true, scale: 1, bg: '#ffffff' });
  download(new Blob([text], { type: 'image/svg+xml' }), `backchannel-${stamp()}.svg`);
  status.notify('Exported the graph as SVG.', 'ok');
}

function currentDocument() {
  return canvasDocument({
    nodes: state.nodes.values(),
    edges: state.edges.values(),
    positions: canvas.positions(),
    hidden: state.hidden,
    filters: legend.filters,
    timeWindow: timeline.window,
    viewport: { zoom: canvas.cy.zoom(), pan: { ...canvas.cy.pan() } },
    layout: canvas.layout,
    sizeByDegree: legend.sizeByDegree.checked,
  });
}

function exportJson(): void {
  const text = JSON.stringify(currentDocument(), null, 1);
  download(new Blob([text], { type: 'application/json' }), `backchannel-canvas-${stamp()}.json`);
  status.notify(`Exported ${state.nodes.size} nodes and ${state.edges.size} edges as JSON.`, 'ok');
}

function exportCsv(): void {
  if (!state.nodes.size) return status.notify('The canvas is empty.');
  const when = stamp();
  download(
    new Blob([nodesCsv(state.nodes.values(), canvas.positions())], { type: 'text/csv' }),
    `backchannel-nodes-${when}.csv`,
  );
  setTimeout(
    () => download(new Blob([edgesCsv(state.edges.values())], { type: 'text/csv' }), `backchannel-edges-${when}.csv`),
    300,
  );
  status.notify('Exported nodes and edges as CSV.', 'ok');
}

async function importFile(file: File): Promise<void> {
  try {
    const doc = parseCanvasDocument(await file.text());
    restoring = true;
    const positions = Object.fromEntries(doc.nodes.filter((n) => n.position).map((n) => [n.data.id, n.position!]));
    state.commit(
      state.replace(
        { nodes: doc.nodes.map((n) => n.data), edges: doc.edges.map((e) => e.data) },
        `import ${file.name}`,
        {
          positions,
          hidden: doc.hidden,
        },
      ),
    );
    applyViewSettings({
      hiddenLabels: doc.filters.hiddenLabels,
      hiddenTypes: doc.filters.hiddenTypes,
      timeWindow: doc.timeWindow,
      ...(doc.viewport ? { viewport: doc.viewport } : {}),
      ...(doc.layout ? { layout: doc.layout } : {}),
    });
    if (doc.sizeByDegree !== undefined) {
      legend.sizeByDegree.checked = doc.sizeByDegree;
      canvas.setSizeByDegree(doc.sizeByDegree);
    }
    status.notify(`Imported ${file.name}: ${doc.nodes.length} nodes, ${doc.edges.length} edges.`, 'ok');
  } catch (error) {
    status.notify(
      `Could not import ${file.name}: ${error instanceof ImportError ? error.message : describeError(error)}`,
      'error',
    );
  } finally {
    restoring = false;
    scheduleHash();
  }
}

function applyViewSettings(
  view: Pick<ViewState, 'hiddenLabels' | 'hiddenTypes' | 'timeWindow' | 'viewport' | 'layout'>,
) {
  legend.setFilters(view.hiddenLabels, view.hiddenTypes);
  if (view.timeWindow || timeline.window) timeline.setWindow(view.timeWindow);
  if (view.layout && (LAYOUTS as readonly string[]).includes(view.layout)) {
    canvas.layout = view.layout as LayoutName;
    toolbar.layoutSelect.value = view.layout;
  }
  if (view.viewport) canvas.cy.viewport({ zoom: view.viewport.zoom, pan: view.viewport.pan });
  else canvas.fit();
}

// The view in the URL hash.
let hashTimer: ReturnType<typeof setTimeout> | undefined;
let lastHash = '';

function scheduleHash(): void {
  if (restoring) return;
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => void writeHash(), 600);
}

function viewState(): ViewState {
  const positions = canvas.positions();
  return {
    nodes: [...state.nodes.keys()].map((id) => ({ id, ...(positions[id] ? { position: positions[id] } : {}) })),
    edges: [...state.edges.keys()],
    hidden: [...state.hidden],
    hiddenLabels: [...legend.filters.hiddenLabels],
    hiddenTypes: [...legend.filters.hiddenTypes],
    timeWindow: timeline.window,
    viewport: { zoom: canvas.cy.zoom(), pan: { ...canvas.cy.pan() } },
    layout: canvas.layout,
  };
}

async function writeHash(): Promise<string> {
  const url = new URL(location.href);
  url.hash = state.nodes.size ? `view=${await encodeView(viewState())}` : '';
  lastHash = url.hash;
  history.replaceState(null, '', url.href);
  return url.href;
}

async function share(): Promise<void> {
  if (!state.nodes.size) return status.notify('The canvas is empty: nothing to share.');
  clearTimeout(hashTimer);
  const link = await writeHash();
  const field = h('input', { type: 'text', className: 'share-link', value: link, attrs: { readonly: '' } });
  const close = h('button', { type: 'button', className: 'primary' }, 'Close');
  const copy = h('button', { type: 'button' }, 'Copy');
  const note = h('p', { className: 'hint' });
  const dialog = h(
    'dialog',
    { className: 'dialog' },
    h('h2', {}, 'Share this view'),
    h(
      'p',
      {},
      `The link holds the ids and positions of ${state.nodes.size} nodes and ${state.edges.size} edges, the filters and the time window; opening it fetches them again.`,
    ),
    field,
    note,
    h('div', { className: 'row' }, copy, close),
  );
  if (link.length > 8000) {
    append(
      note,
      `The link is ${link.length.toLocaleString('en')} characters long; some tools cut long links: for big canvases, export JSON instead.`,
    );
  }
  copy.addEventListener('click', () => {
    field.select();
    navigator.clipboard?.writeText(link).then(
      () => (note.textContent = 'Copied.'),
      () => (note.textContent = 'Select the link and copy it.'),
    );
  });
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  field.select();
}

async function restoreFromHash(): Promise<void> {
  const m = /^#view=([\w-]+)$/.exec(location.hash);
  if (!m || location.hash === lastHash) return;
  restoring = true;
  try {
    const view = await decodeView(m[1]!);
    status.say(`Restoring the shared view (${view.nodes.length} nodes)…`);
    const { graph, missing } = await fetchView(api, view);
    const positions = Object.fromEntries(view.nodes.filter((n) => n.position).map((n) => [n.id, n.position!]));
    state.commit(state.replace(graph, 'open the shared view', { positions, hidden: view.hidden }));
    applyViewSettings(view);
    lastHash = location.hash;
    if (missing.length) {
      status.notify(`${missing.length} element(s) of the shared view are no longer in the database.`, 'error');
    } else status.notify(`Restored the shared view: ${graph.nodes.length} nodes, ${graph.edges.length} edges.`, 'ok');
  } catch (error) {
    status.notify(`Could not restore the view in the link: ${describeError(error)}`, 'error');
  } finally {
    restoring = false;
  }
}
window.addEventListener('hashchange', () => void restoreFromHash());

// Start.
let stats: StatsAnswer | null = null;
async function boot(): Promise<void> {
  start.visible = true;
  updateToolbar();
  try {
    stats = await api.stats();
    timeline.setStats(stats);
    await start.render(stats);
  } catch (error) {
    await start.render(null, error);
  }
  await restoreFromHash();
}

if (new URLSearchParams(location.search).has('test')) {
  // Test hook (only with ?test): lets browser tests find elements' positions on the canvas.
  (window as unknown as { __backchannel: unknown }).__backchannel = { cy: canvas.cy, state };
}

void boot();
