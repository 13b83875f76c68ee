/**
 * The toolbar: layout choice, then buttons of the command table (re-run, fit and zoom, undo and redo,
 * paths, export, import, share, clear, help), enabled and titled by the table.
 */
import { h } from '../dom.js';
import { LAYOUT_NAMES, LAYOUTS } from './canvas.js';
import type { LayoutName } from './canvas.js';
import type { CommandButtons } from './command-ui.js';

export class Toolbar {
  readonly layoutSelect: HTMLSelectElement;

  constructor(root: HTMLElement, buttons: CommandButtons, onLayout: (name: LayoutName) => void) {
    this.layoutSelect = h('select', { ariaLabel: 'Layout', title: 'Layout', id: 'layout' });
    for (const name of LAYOUTS) this.layoutSelect.append(h('option', { value: name }, LAYOUT_NAMES[name]));
    this.layoutSelect.addEventListener('change', () => onLayout(this.layoutSelect.value as LayoutName));
    const glyph = (id: string) => buttons.button(id, { face: true });
    const menu = (label: string, ids: string[]) => {
      const details = h('details', { className: 'dropdown' });
      const list = h('div', { className: 'dropdown-menu', role: 'menu' });
      for (const id of ids) {
        const b = buttons.button(id);
        b.setAttribute('role', 'menuitem');
        b.addEventListener('click', () => (details.open = false));
        list.append(b);
      }
      details.append(h('summary', { role: 'button' }, label), list);
      document.addEventListener('pointerdown', (e) => {
        if (!details.contains(e.target as Node)) details.open = false;
      });
      return details;
    };
    const showHidden = buttons.button('show-hidden', { hideWhenDisabled: true });
    root.append(
      h(
        'div',
        { className: 'tool-group' },
        this.layoutSelect,
        glyph('layout'),
        buttons.button('fit'),
        glyph('zoom-in'),
        glyph('zoom-out'),
      ),
      h('div', { className: 'tool-group' }, glyph('undo'), glyph('redo'), showHidden),
      h('div', { className: 'tool-group' }, buttons.button('path', { face: true }), buttons.button('connect')),
      h(
        'div',
        { className: 'tool-group' },
        menu('Select', [
          'select-all',
          'invert-selection',
          'select-neighbours',
          'select-type',
          'select-path',
          'pin',
          'dismiss-others',
        ]),
        menu('Export', ['export-png', 'export-svg', 'export-json', 'export-csv']),
        buttons.button('import'),
        buttons.button('share'),
        buttons.button('clear'),
        glyph('help'),
      ),
    );
  }
}
