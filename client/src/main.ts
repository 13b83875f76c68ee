/**
 * The analyst's client: constructs the API, the graph state, the canvas, the views and the
 * operations, and wires them together. What they do lives in their modules; what the analyst can
 * run, in the command table (commands.ts).
 */
import './app.css';
import { activeFilters, filteredOut } from './active-filters.js';
import { Api } from './api.js';
import { createCommandHost } from './command-host.js';
import type { Target } from './commands.js';
import { Explorer, PARTY_LABELS } from './explorer.js';
import { GraphState } from './graph-state.js';
import { listenToKeys } from './keyboard.js';
import { Transfer } from './transfer.js';
import { ViewSettings } from './view-settings.js';
import { ViewUrl } from './view-url.js';
import { Canvas, webglRenderer } from './views/canvas.js';
import { CommandButtons, menuItems } from './views/command-ui.js';
import { Details } from './views/details.js';
import { Dock } from './views/dock.js';
import { FilterChips } from './views/filter-chips.js';
import { Legend } from './views/legend.js';
import { ContextMenu } from './views/menu.js';
import { Minimap } from './views/minimap.js';
import { SearchBox } from './views/search.js';
import { StartPage } from './views/start.js';
import { switchRenderer } from './views/renderer-switch.js';
import { Status } from './views/status.js';
import { askToken } from './views/token.js';
import { Toolbar } from './views/toolbar.js';

const $ = (id: string) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
};

const status = new Status($('status'), $('banner'), $('toasts'), $('overlay'));
const api = new Api({ onBusy: (n) => status.busy(n), onOutage: (message) => status.outage(message), askToken });
const state = new GraphState();

const WEBGL_KEY = 'backchannel.webgl';
const useWebgl = localStorage.getItem(WEBGL_KEY) === 'on' && webglRenderer().available;
const canvas = new Canvas(
  $('cy'),
  state,
  {
    onSelect: (ids) => {
      details.show(ids);
      buttons.refresh();
    },
    onExpand: (id) => void explorer.expand(id),
    onContext: (target, at) => {
      const kind = target?.kind ?? 'canvas';
      if (target && !state.has(target.id)) return;
      const title = target ? (state.nodes.get(target.id) ?? state.edges.get(target.id))!.caption : 'Canvas';
      // An expansion that left neighbours out pages on from the node's menu too.
      const more = target ? explorer.pending(target.id) : [];
      const pages = more.map((x) => ({ label: `Show ${x.more} more`, run: () => void explorer.showMore(x.key) }));
      menu.show(at, title, [...pages, ...menuItems(host, kind, selection())]);
    },
    onBackground: () => canvas.clearHighlight(),
    onLayout: (running, message) => {
      status.overlay(running ? (message ?? 'Laying out…') : null);
      if (!running && message) status.say(message);
    },
  },
  { webgl: useWebgl },
);
canvas.positionsChanged = () => url.schedule();
const explorer = new Explorer(
  api,
  state,
  {
    select: (ids, options) => canvas.select(ids, options),
    highlight: (ids) => canvas.highlight(ids),
    filteredOut: (ids) => filteredOut(canvas.cy, ids),
  },
  status,
);
const menu = new ContextMenu($('stage'));
new Minimap($('stage'), canvas.cy);

/** What commands act on from the keyboard, the toolbar and the menu: the selection. */
const selection = (): Target => ({ ids: canvas.selectedIds(), nodes: canvas.selectedNodeIds() });
const host = createCommandHost({
  state,
  explorer,
  canvas,
  details: () => details,
  search: () => search,
  menu,
  url: () => url,
  transfer: () => transfer,
  status,
  refresh: () => {
    buttons.refresh();
    details.show(canvas.selectedIds());
  },
});
const buttons = new CommandButtons(host, selection);
const details = new Details($('details'), api, explorer, {
  select: (ids, options) => canvas.select(ids, options),
  notify: (message, kind) => status.notify(message, kind),
  commands: host,
});

const legend = new Legend(
  $('sidebar'),
  (filters) => {
    canvas.setFilters(filters.hiddenLabels, filters.hiddenTypes);
    showFilters();
    url.schedule();
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
      localStorage.setItem(WEBGL_KEY, on ? 'on' : 'off');
      // In place, so the canvas keeps its history; a reload (the view comes back from the URL) otherwise.
      if (switchRenderer(canvas.cy, on)) status.say(`Drawing with the ${on ? 'WebGL' : 'canvas'} renderer.`);
      else void url.write().then(() => location.reload());
    },
  },
);

const search = new SearchBox($('search'), api, (node) => void explorer.addNodes([node]));
const dock = new Dock($('dock'), api, {
  timeline: {
    partyIds: () => [...state.nodes.values()].filter((n) => PARTY_LABELS.has(n.label)).map((n) => n.id),
    onWindow: (window) => {
      canvas.setTimeFilter(window ? (d) => dock.timeline.outside(d) : null);
      showFilters();
      url.schedule();
    },
    goTo: (id) => void details.goTo(id),
    isOnCanvas: (id) => state.nodes.has(id),
  },
  addGraph: (graph, label) => explorer.addGraph(graph, label),
  resized: () => canvas.cy.resize(),
  notifyError: (message) => status.notify(message, 'error'),
});
const toolbar = new Toolbar($('toolbar'), buttons, (name) => {
  canvas.layout = name;
  void canvas.runLayout(name);
});

const chips = new FilterChips($('filters'), {
  clearWindow: () => dock.timeline.setWindow(null),
  showLabel: (label) =>
    legend.setFilters(
      [...legend.filters.hiddenLabels].filter((l) => l !== label),
      legend.filters.hiddenTypes,
    ),
  showType: (type) =>
    legend.setFilters(
      legend.filters.hiddenLabels,
      [...legend.filters.hiddenTypes].filter((t) => t !== type),
    ),
  showHidden: () => explorer.showHidden(),
});
/** The chips follow every change of a filter or of the canvas. */
function showFilters(): void {
  chips.update(activeFilters({ cy: canvas.cy, state, filters: legend.filters, timeWindow: dock.timeline.window }));
}

const settings = new ViewSettings(canvas, legend, dock.timeline, toolbar.layoutSelect);
const positions = () => canvas.positions();
const url = new ViewUrl(api, state, positions, settings, status);
const transfer = new Transfer(state, canvas.cy, positions, settings, url, status);
const start = new StartPage(
  $('start'),
  api,
  (node) => void explorer.addNodes([node]),
  () => transfer.chooseFile(),
);
listenToKeys(host, selection, (text) => status.say(text));

state.subscribe((diff) => {
  const { labels, types } = canvas.counts();
  legend.update(labels, types);
  start.visible = state.nodes.size === 0;
  buttons.refresh();
  dock.timeline.canvasChanged();
  showFilters();
  url.schedule();
  // Keep the details of a selected node current (e.g. "show more" after an expansion).
  const selected = canvas.selectedIds();
  const touched = [...diff.change.setExpansions, ...diff.change.dropExpansions].map((x) => x.node);
  if (selected.length === 1 && touched.includes(selected[0]!)) details.show(selected);
  if (selected.length === 0 && (diff.removeNodes.length || diff.removeEdges.length)) details.empty();
});

async function boot(): Promise<void> {
  start.visible = true;
  try {
    const stats = await api.stats();
    dock.timeline.setStats(stats);
    await start.render(stats);
  } catch (error) {
    await start.render(null, error);
  }
  await url.restore();
}

if (new URLSearchParams(location.search).has('test')) {
  // Test hook (only with ?test): lets browser tests find elements' positions on the canvas.
  (window as unknown as { __backchannel: unknown }).__backchannel = { cy: canvas.cy, state };
}

void boot();
