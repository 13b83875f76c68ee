/**
 * The toolbar: layout choice and re-run, fit and zoom, undo and redo, paths between selected nodes,
 * export (PNG, SVG, JSON, CSV), import, share and clear.
 */
import { button, h } from '../dom.js';
import { LAYOUT_NAMES, LAYOUTS } from './canvas.js';
import type { LayoutName } from './canvas.js';

export interface ToolbarActions {
  layout(name: LayoutName): void;
  rerun(): void;
  fit(): void;
  zoom(factor: number): void;
  undo(): void;
  redo(): void;
  path(all: boolean): void;
  connect(): void;
  exportPng(): void;
  exportSvg(): void;
  exportJson(): void;
  exportCsv(): void;
  importJson(): void;
  share(): void;
  showHidden(): void;
  clear(): void;
  help(): void;
}

export class Toolbar {
  readonly layoutSelect: HTMLSelectElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly pathButton: HTMLButtonElement;
  private readonly connectButton: HTMLButtonElement;
  private readonly showHiddenButton: HTMLButtonElement;

  constructor(root: HTMLElement, actions: ToolbarActions) {
    this.layoutSelect = h('select', { ariaLabel: 'Layout', title: 'Layout', id: 'layout' });
    for (const name of LAYOUTS) this.layoutSelect.append(h('option', { value: name }, LAYOUT_NAMES[name]));
    this.layoutSelect.addEventListener('change', () => actions.layout(this.layoutSelect.value as LayoutName));
    this.undoButton = button('↶', actions.undo, { ariaLabel: 'Undo', title: 'Undo', keys: 'Ctrl+Z', disabled: true });
    this.redoButton = button('↷', actions.redo, {
      ariaLabel: 'Redo',
      title: 'Redo',
      keys: 'Ctrl+Shift+Z',
      disabled: true,
    });
    this.pathButton = button('Path', () => actions.path(false), {
      title: 'Shortest path between the two selected nodes',
      keys: 'P',
      disabled: true,
    });
    this.connectButton = button('Connect', actions.connect, {
      title: 'Connecting subgraph of the selected nodes (2–10)',
      disabled: true,
    });
    this.showHiddenButton = button('Show hidden', actions.showHidden, {
      title: 'Show every hidden element again',
      hidden: true,
    });
    const menu = (label: string, items: [string, () => void, string?][]) => {
      const details = h('details', { className: 'dropdown' });
      const list = h('div', { className: 'dropdown-menu', role: 'menu' });
      for (const [text, run, title] of items) {
        list.append(
          button(
            text,
            () => {
              details.open = false;
              run();
            },
            { role: 'menuitem', ...(title ? { title } : {}) },
          ),
        );
      }
      details.append(h('summary', { role: 'button' }, label), list);
      document.addEventListener('pointerdown', (e) => {
        if (!details.contains(e.target as Node)) details.open = false;
      });
      return details;
    };
    root.append(
      h(
        'div',
        { className: 'tool-group' },
        this.layoutSelect,
        button('↻', actions.rerun, { ariaLabel: 'Re-run layout', title: 'Re-run the layout', keys: 'L' }),
        button('Fit', actions.fit, { title: 'Fit the graph in view', keys: 'F' }),
        button('+', () => actions.zoom(1.25), { ariaLabel: 'Zoom in', title: 'Zoom in' }),
        button('−', () => actions.zoom(0.8), { ariaLabel: 'Zoom out', title: 'Zoom out' }),
      ),
      h('div', { className: 'tool-group' }, this.undoButton, this.redoButton, this.showHiddenButton),
      h('div', { className: 'tool-group' }, this.pathButton, this.connectButton),
      h(
        'div',
        { className: 'tool-group' },
        menu('Export', [
          ['PNG image', actions.exportPng, 'The whole graph as a PNG'],
          ['SVG image', actions.exportSvg, 'The whole graph as an SVG (for slides and print)'],
          ['JSON canvas', actions.exportJson, 'Everything on the canvas, re-importable'],
          ['CSV (nodes and edges)', actions.exportCsv, 'Two CSV files'],
        ]),
        button('Import', actions.importJson, { title: 'Open a canvas saved as JSON' }),
        button('Share', actions.share, { title: 'A link that restores this view' }),
        button('Clear', actions.clear, { title: 'Remove everything from the canvas (undoable)' }),
        button('?', actions.help, { ariaLabel: 'Help', title: 'Keyboard shortcuts' }),
      ),
    );
  }

  update(state: {
    canUndo: boolean;
    canRedo: boolean;
    undoLabel?: string;
    redoLabel?: string;
    selectedNodes: number;
    hidden: number;
  }): void {
    this.undoButton.disabled = !state.canUndo;
    this.undoButton.title = state.undoLabel ? `Undo ${state.undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)';
    this.redoButton.disabled = !state.canRedo;
    this.redoButton.title = state.redoLabel ? `Redo ${state.redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)';
    this.pathButton.disabled = state.selectedNodes !== 2;
    this.connectButton.disabled = state.selectedNodes < 2 || state.selectedNodes > 10;
    this.showHiddenButton.hidden = state.hidden === 0;
    this.showHiddenButton.textContent = `Show ${state.hidden} hidden`;
  }
}
