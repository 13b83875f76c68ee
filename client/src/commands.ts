/**
 * Every command of the client, once: its id, label, shortcut, what it does (for the help sheet and
 * client/README.md), when it is enabled and how it runs. The context menu, the keyboard, the help
 * sheet, the toolbar and the details panel's buttons all read this table; nothing else binds a key.
 *
 * Pure data and functions of a host (the narrow interface below): no DOM, so that `npm run generate`
 * can write the README's table from it in Node.
 */

/** What the commands act on: the selection, or the element a menu or a details panel is about. */
export interface Target {
  /** Every element (nodes and edges). */
  ids: string[];
  nodes: string[];
}

/** What the commands need from the application (main.ts wires it to the views and operations). */
export interface CommandHost {
  readonly history: { canUndo: boolean; canRedo: boolean; undoLabel?: string; redoLabel?: string };
  readonly counts: { nodes: number; hidden: number };
  expand(ids: string[]): void;
  openExpandForm(id: string): void;
  collapse(ids: string[]): void;
  hide(ids: string[]): void;
  remove(ids: string[]): void;
  dismissOthers(ids: string[]): void;
  showHidden(): void;
  clear(): void;
  undo(): void;
  redo(): void;
  paths(nodes: string[], all: boolean): void;
  connect(nodes: string[]): void;
  details(ids: string[]): void;
  /** Canvas. */
  fit(): void;
  zoomBy(factor: number): void;
  rerunLayout(): void;
  selectAll(): void;
  invertSelection(): void;
  selectNeighbours(ids: string[]): void;
  selectSameType(ids: string[]): void;
  selectHighlighted(): void;
  hasHighlight(): boolean;
  pin(ids: string[], on: boolean): void;
  isPinned(id: string): boolean;
  escape(): void;
  /** Elsewhere. */
  focusSearch(): void;
  help(): void;
  share(): void;
  exportAs(format: 'png' | 'svg' | 'json' | 'csv'): void;
  importFile(): void;
}

export interface KeyBinding {
  /** KeyboardEvent.key, lower case for letters. */
  key: string;
  /** Ctrl (Cmd on a Mac). */
  mod?: boolean;
  /** For letters, unset means "without Shift"; for other keys, unset means either. */
  shift?: boolean;
}

export type CommandGroup = 'Explore' | 'Select' | 'Canvas' | 'History' | 'File' | 'Help';

export interface Command {
  id: string;
  label: string;
  /** What it does, in the help sheet and the README. */
  help: string;
  group: CommandGroup;
  keys?: KeyBinding[];
  /** Mouse gestures that run it too, in words. */
  gesture?: string;
  /** A short face for the toolbar (defaults to the label). */
  face?: string;
  /** Where the context menu offers it. */
  menu?: ('node' | 'edge' | 'canvas')[];
  /** Starts a new group in the context menu. */
  separatorBefore?: boolean;
  enabled?(host: CommandHost, target: Target): boolean;
  /** What enables it, said when its key is pressed while it is disabled. */
  needs?: string;
  /** A label that depends on the state (undo and redo name what they would undo). */
  title?(host: CommandHost, target: Target): string;
  run(host: CommandHost, target: Target): void;
}

const someNodes = (_: CommandHost, t: Target) => t.nodes.length > 0;
const something = (_: CommandHost, t: Target) => t.ids.length > 0;
const twoNodes = (_: CommandHost, t: Target) => t.nodes.length === 2;
const notEmpty = (host: CommandHost) => host.counts.nodes > 0;

/** How many nodes one key press expands at most (each is a request or two). */
export const EXPAND_AT_ONCE = 10;

export const COMMANDS: readonly Command[] = [
  // Explore.
  {
    id: 'expand',
    label: 'Expand',
    help: 'expand the selected nodes: correspondence bundles for people, organizations and accounts, neighbours otherwise',
    group: 'Explore',
    keys: [{ key: 'e' }],
    gesture: 'double-click a node',
    menu: ['node'],
    enabled: someNodes,
    needs: 'select one or more nodes first',
    run: (host, t) => host.expand(t.nodes.slice(0, EXPAND_AT_ONCE)),
  },
  {
    id: 'expand-by',
    label: 'Expand by type and direction…',
    help: 'choose the relationship types, direction and page size of an expansion',
    group: 'Explore',
    menu: ['node'],
    enabled: (_, t) => t.nodes.length === 1,
    run: (host, t) => host.openExpandForm(t.nodes[0]!),
  },
  {
    id: 'collapse',
    label: 'Collapse',
    help: 'remove what expanding the selected nodes added',
    group: 'Explore',
    keys: [{ key: 'c' }],
    menu: ['node'],
    enabled: someNodes,
    needs: 'select one or more nodes first',
    run: (host, t) => host.collapse(t.nodes),
  },
  {
    id: 'path',
    label: 'Shortest path',
    help: 'the shortest path between the two selected nodes',
    group: 'Explore',
    keys: [{ key: 'p' }],
    face: 'Path',
    menu: ['node'],
    separatorBefore: true,
    enabled: twoNodes,
    needs: 'select exactly two nodes (shift-click) first',
    run: (host, t) => host.paths(t.nodes, false),
  },
  {
    id: 'all-paths',
    label: 'All shortest paths',
    help: 'every shortest path between the two selected nodes',
    group: 'Explore',
    keys: [{ key: 'p', shift: true }],
    menu: ['node'],
    enabled: twoNodes,
    needs: 'select exactly two nodes (shift-click) first',
    run: (host, t) => host.paths(t.nodes, true),
  },
  {
    id: 'connect',
    label: 'Connect',
    help: 'the subgraph connecting the selected nodes (2 to 10)',
    group: 'Explore',
    menu: ['node'],
    enabled: (_, t) => t.nodes.length >= 2 && t.nodes.length <= 10,
    run: (host, t) => host.connect(t.nodes),
  },
  {
    id: 'details',
    label: 'Details',
    help: 'show the properties and sources of what was clicked',
    group: 'Explore',
    gesture: 'click a node or an edge',
    menu: ['edge'],
    enabled: something,
    needs: 'select something first',
    run: (host, t) => host.details(t.ids),
  },
  // Select.
  {
    id: 'select-all',
    label: 'Select all',
    help: 'select everything on the canvas',
    group: 'Select',
    keys: [{ key: 'a', mod: true }],
    menu: ['canvas'],
    enabled: notEmpty,
    run: (host) => host.selectAll(),
  },
  {
    id: 'invert-selection',
    label: 'Invert the selection',
    help: 'select the nodes that are not selected, and only those',
    group: 'Select',
    keys: [{ key: 'i', mod: true }],
    menu: ['node', 'canvas'],
    enabled: notEmpty,
    run: (host) => host.invertSelection(),
  },
  {
    id: 'select-neighbours',
    label: 'Select neighbours',
    help: 'add the neighbours of the selected nodes to the selection',
    group: 'Select',
    keys: [{ key: 'n' }],
    menu: ['node'],
    separatorBefore: true,
    enabled: someNodes,
    needs: 'select one or more nodes first',
    run: (host, t) => host.selectNeighbours(t.nodes),
  },
  {
    id: 'select-type',
    label: 'Select all of this type',
    help: 'select every node of the types of the selected nodes',
    group: 'Select',
    keys: [{ key: 't' }],
    menu: ['node'],
    enabled: someNodes,
    needs: 'select one or more nodes first',
    run: (host, t) => host.selectSameType(t.nodes),
  },
  {
    id: 'select-path',
    label: "Select the path's nodes",
    help: 'select the nodes of the highlighted path (or connection, or answer)',
    group: 'Select',
    menu: ['node', 'canvas'],
    enabled: (host) => host.hasHighlight(),
    run: (host) => host.selectHighlighted(),
  },
  {
    id: 'pin',
    label: 'Pin',
    help: 'pin the selected nodes: layouts leave them where they are (again to unpin)',
    group: 'Select',
    keys: [{ key: 'k' }],
    menu: ['node'],
    separatorBefore: true,
    enabled: someNodes,
    needs: 'select one or more nodes first',
    title: (host, t) => (t.nodes.length && t.nodes.every((id) => host.isPinned(id)) ? 'Unpin' : 'Pin'),
    run: (host, t) => host.pin(t.nodes, !t.nodes.every((id) => host.isPinned(id))),
  },
  {
    id: 'hide',
    label: 'Hide',
    help: 'hide the selection (Show hidden brings it back)',
    group: 'Select',
    keys: [{ key: 'h' }],
    menu: ['node', 'edge'],
    separatorBefore: true,
    enabled: something,
    needs: 'select something first',
    run: (host, t) => host.hide(t.ids),
  },
  {
    id: 'remove',
    label: 'Remove',
    help: 'remove the selection from the canvas',
    group: 'Select',
    keys: [{ key: 'Delete' }, { key: 'Backspace' }],
    menu: ['node', 'edge'],
    enabled: something,
    needs: 'select something first',
    run: (host, t) => host.remove(t.ids),
  },
  {
    id: 'dismiss-others',
    label: 'Dismiss others',
    help: 'remove everything but the selected nodes (and the edges between them)',
    group: 'Select',
    keys: [{ key: 'd' }],
    menu: ['node'],
    enabled: someNodes,
    needs: 'select one or more nodes first',
    run: (host, t) => host.dismissOthers(t.nodes),
  },
  // Canvas.
  {
    id: 'search',
    label: 'Search',
    help: 'search the database by name, address, handle, URL or id',
    group: 'Canvas',
    keys: [{ key: '/' }],
    run: (host) => host.focusSearch(),
  },
  {
    id: 'fit',
    label: 'Fit',
    help: 'fit the graph in view',
    group: 'Canvas',
    keys: [{ key: 'f' }],
    menu: ['canvas'],
    separatorBefore: true,
    run: (host) => host.fit(),
  },
  {
    id: 'layout',
    label: 'Re-run layout',
    help: 're-run the layout (pinned nodes stay put)',
    group: 'Canvas',
    keys: [{ key: 'l' }],
    face: '↻',
    menu: ['canvas'],
    run: (host) => host.rerunLayout(),
  },
  {
    id: 'zoom-in',
    label: 'Zoom in',
    help: 'zoom in (or the mouse wheel)',
    group: 'Canvas',
    keys: [{ key: '+' }],
    face: '+',
    run: (host) => host.zoomBy(1.25),
  },
  {
    id: 'zoom-out',
    label: 'Zoom out',
    help: 'zoom out (or the mouse wheel)',
    group: 'Canvas',
    keys: [{ key: '-' }],
    face: '−',
    run: (host) => host.zoomBy(0.8),
  },
  {
    id: 'show-hidden',
    label: 'Show hidden',
    help: 'show every hidden element again',
    group: 'Canvas',
    menu: ['canvas'],
    enabled: (host) => host.counts.hidden > 0,
    title: (host) => `Show ${host.counts.hidden} hidden`,
    run: (host) => host.showHidden(),
  },
  {
    id: 'escape',
    label: 'Close menus, clear the highlight',
    help: 'close the menu and clear the highlight',
    group: 'Canvas',
    keys: [{ key: 'Escape' }],
    gesture: 'click the empty canvas',
    run: (host) => host.escape(),
  },
  {
    id: 'clear',
    label: 'Clear',
    help: 'remove everything from the canvas (undoable)',
    group: 'Canvas',
    enabled: notEmpty,
    run: (host) => host.clear(),
  },
  // History.
  {
    id: 'undo',
    label: 'Undo',
    help: 'undo the last change of the canvas',
    group: 'History',
    keys: [{ key: 'z', mod: true }],
    face: '↶',
    menu: ['canvas'],
    separatorBefore: true,
    enabled: (host) => host.history.canUndo,
    title: (host) => (host.history.undoLabel ? `Undo ${host.history.undoLabel}` : 'Undo'),
    run: (host) => host.undo(),
  },
  {
    id: 'redo',
    label: 'Redo',
    help: 'redo what was undone',
    group: 'History',
    keys: [
      { key: 'z', mod: true, shift: true },
      { key: 'y', mod: true },
    ],
    face: '↷',
    menu: ['canvas'],
    enabled: (host) => host.history.canRedo,
    title: (host) => (host.history.redoLabel ? `Redo ${host.history.redoLabel}` : 'Redo'),
    run: (host) => host.redo(),
  },
  // File.
  {
    id: 'export-png',
    label: 'PNG image',
    help: 'the whole graph as a PNG',
    group: 'File',
    run: (h) => h.exportAs('png'),
  },
  {
    id: 'export-svg',
    label: 'SVG image',
    help: 'the whole graph as an SVG (for slides and print)',
    group: 'File',
    run: (h) => h.exportAs('svg'),
  },
  {
    id: 'export-json',
    label: 'JSON canvas',
    help: 'everything on the canvas, re-importable',
    group: 'File',
    run: (h) => h.exportAs('json'),
  },
  {
    id: 'export-csv',
    label: 'CSV (nodes and edges)',
    help: 'two CSV files, nodes and edges',
    group: 'File',
    run: (h) => h.exportAs('csv'),
  },
  { id: 'import', label: 'Import', help: 'open a canvas saved as JSON', group: 'File', run: (h) => h.importFile() },
  { id: 'share', label: 'Share', help: 'a link that restores this view', group: 'File', run: (h) => h.share() },
  // Help.
  {
    id: 'help',
    label: 'Keyboard and mouse',
    help: 'this list of shortcuts and gestures',
    group: 'Help',
    keys: [{ key: '?' }],
    face: '?',
    run: (host) => host.help(),
  },
];

/** Gestures that are not commands of their own (Cytoscape's and the panels'). */
export const GESTURES: readonly { gesture: string; help: string }[] = [
  { gesture: 'right-click', help: 'the context menu of a node, an edge or the canvas' },
  { gesture: 'shift-click, Ctrl-click', help: 'add to the selection' },
  { gesture: 'shift-drag', help: 'select the nodes in a box' },
  { gesture: 'drag a node', help: 'move it (unless pinned)' },
  { gesture: 'drag the canvas, mouse wheel', help: 'pan, zoom' },
  { gesture: 'Ctrl+Enter', help: 'run the query in the Cypher console' },
];

export type CommandId = (typeof COMMANDS)[number]['id'];

const BY_ID = new Map(COMMANDS.map((c) => [c.id, c]));

export function command(id: string): Command {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`no command ${id}`);
  return c;
}

export function isEnabled(c: Command, host: CommandHost, target: Target): boolean {
  return c.enabled ? c.enabled(host, target) : true;
}

export function titleOf(c: Command, host: CommandHost, target: Target): string {
  return c.title ? c.title(host, target) : c.label;
}

const KEY_NAMES: Record<string, string> = { Delete: 'Del', Backspace: 'Backspace', Escape: 'Esc' };

export function formatKey(k: KeyBinding): string {
  const key = KEY_NAMES[k.key] ?? (k.key.length === 1 ? k.key.toUpperCase() : k.key);
  return [k.mod ? 'Ctrl' : '', k.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** The first shortcut of a command, as shown beside it ("Ctrl+Z"), or undefined. */
export function shortcut(c: Command): string | undefined {
  return c.keys?.[0] ? formatKey(c.keys[0]) : undefined;
}

interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

function matches(k: KeyBinding, e: KeyPress): boolean {
  if (e.key.toLowerCase() !== k.key.toLowerCase() && e.key !== k.key) return false;
  if (Boolean(k.mod) !== (e.ctrlKey || e.metaKey)) return false;
  const letter = /^[a-z]$/i.test(k.key);
  const shift = k.shift ?? (letter ? false : undefined);
  return shift === undefined || shift === e.shiftKey;
}

/** The command a key press runs, if any (Alt is left to the browser and the system). */
export function commandForKey(e: KeyPress): Command | undefined {
  if (e.altKey) return undefined;
  return COMMANDS.find((c) => c.keys?.some((k) => matches(k, e)));
}

/** The commands a context menu offers on a node, an edge or the empty canvas, in table order. */
export function menuCommands(kind: 'node' | 'edge' | 'canvas'): Command[] {
  return COMMANDS.filter((c) => c.menu?.includes(kind));
}

/** One row of the help sheet and the README per command: its label, its keys and gestures, what it does. */
export interface HelpRow {
  label: string;
  keys: string;
  what: string;
}

export function helpRows(): { group: string; rows: HelpRow[] }[] {
  const groups = new Map<string, HelpRow[]>();
  for (const c of COMMANDS) {
    const keys = [...(c.keys ?? []).map(formatKey), ...(c.gesture ? [c.gesture] : [])].join(', ');
    const rows = groups.get(c.group) ?? [];
    rows.push({ label: c.label, keys, what: c.help });
    groups.set(c.group, rows);
  }
  const out = [...groups].map(([group, rows]) => ({ group, rows }));
  out.push({
    group: 'Mouse and panels',
    rows: GESTURES.map((g) => ({ label: '', keys: g.gesture, what: g.help })),
  });
  return out;
}
