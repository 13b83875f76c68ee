/**
 * The commands' host (commands.ts): each of its methods is one call into the operations (Explorer)
 * or a view. The only place that knows both.
 */
import type { CommandHost } from './commands.js';
import type { Explorer } from './explorer.js';
import type { GraphState } from './graph-state.js';
import type { Transfer } from './transfer.js';
import type { ViewUrl } from './view-url.js';
import type { Canvas } from './views/canvas.js';
import type { Details } from './views/details.js';
import { showHelp } from './views/dialogs.js';
import type { ContextMenu } from './views/menu.js';
import type { SearchBox } from './views/search.js';
import * as selection from './views/selection.js';
import type { Status } from './views/status.js';

export interface HostParts {
  state: GraphState;
  explorer: Explorer;
  canvas: Canvas;
  details: () => Details;
  search: () => SearchBox;
  menu: ContextMenu;
  url: () => ViewUrl;
  transfer: () => Transfer;
  status: Status;
  /** After a change the graph state does not announce (pins): buttons follow it. */
  refresh: () => void;
}

export function createCommandHost(p: HostParts): CommandHost {
  const { state, explorer, canvas } = p;
  const cy = canvas.cy;
  return {
    get history() {
      return state;
    },
    get counts() {
      return { nodes: state.nodes.size, hidden: state.hidden.size };
    },
    expand: (ids) => ids.forEach((id) => void explorer.expand(id)),
    openExpandForm: (id) => {
      const node = state.nodes.get(id);
      if (node) void p.details().showNode(node, { openExpand: true });
    },
    collapse: (ids) => ids.forEach((id) => explorer.collapse(id)),
    hide: (ids) => explorer.hide(ids),
    remove: (ids) => explorer.remove(ids),
    dismissOthers: (ids) => explorer.dismissOthers(ids),
    showHidden: () => explorer.showHidden(),
    clear: () => explorer.clear(),
    undo: () => explorer.undo(),
    redo: () => explorer.redo(),
    paths: ([a, b], all) => void explorer.paths(a!, b!, all),
    connect: (ids) => void explorer.connect(ids),
    details: (ids) => p.details().show(ids),
    fit: () => canvas.fit(),
    zoomBy: (f) => canvas.zoomBy(f),
    rerunLayout: () => void canvas.runLayout(canvas.layout),
    selectAll: () => selection.selectAll(cy),
    invertSelection: () => selection.invertSelection(cy),
    selectNeighbours: (ids) => selection.selectNeighbours(cy, ids),
    selectSameType: (ids) => selection.selectSameType(cy, ids),
    selectHighlighted: () => selection.selectHighlighted(cy),
    hasHighlight: () => selection.hasHighlight(cy),
    pin: (ids, on) => {
      selection.pin(cy, ids, on);
      p.refresh();
      p.status.say(`${on ? 'Pinned' : 'Unpinned'} ${ids.length} node${ids.length === 1 ? '' : 's'}.`);
    },
    isPinned: (id) => selection.isPinned(cy, id),
    escape: () => {
      p.menu.close();
      canvas.clearHighlight();
    },
    focusSearch: () => p.search().focus(),
    help: showHelp,
    share: () => void p.url().share(),
    exportAs: (format) => p.transfer().export(format),
    importFile: () => p.transfer().chooseFile(),
  };
}
