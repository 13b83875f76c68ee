/**
 * A small context menu (right-click on the canvas): items with their keyboard shortcut, arrow keys
 * to move, Enter to run, Escape or a click elsewhere to close.
 */
import { clear, h } from '../dom.js';

export interface MenuItem {
  label: string;
  keys?: string;
  run: () => void;
  disabled?: boolean;
  separatorBefore?: boolean;
}

export class ContextMenu {
  private readonly el: HTMLElement;

  constructor(private readonly host: HTMLElement) {
    this.el = h('div', { className: 'context-menu', role: 'menu', hidden: true });
    host.append(this.el);
    document.addEventListener('pointerdown', (e) => {
      if (!this.el.contains(e.target as Node)) this.close();
    });
    this.el.addEventListener('keydown', (e) => {
      const items = [...this.el.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = items.length;
        items[(i + (e.key === 'ArrowDown' ? 1 : -1) + n) % n]?.focus();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  show(at: { x: number; y: number }, title: string, items: MenuItem[]): void {
    clear(this.el);
    this.el.append(h('div', { className: 'menu-title' }, title));
    for (const item of items) {
      if (item.separatorBefore) this.el.append(h('hr'));
      this.el.append(
        h(
          'button',
          {
            type: 'button',
            role: 'menuitem',
            className: 'menu-item',
            disabled: item.disabled ?? false,
            on: {
              click: () => {
                this.close();
                item.run();
              },
            },
          },
          h('span', {}, item.label),
          item.keys ? h('kbd', {}, item.keys) : '',
        ),
      );
    }
    this.el.hidden = false;
    const box = this.host.getBoundingClientRect();
    const w = this.el.offsetWidth;
    const hgt = this.el.offsetHeight;
    this.el.style.left = `${Math.max(4, Math.min(at.x, box.width - w - 4))}px`;
    this.el.style.top = `${Math.max(4, Math.min(at.y, box.height - hgt - 4))}px`;
    this.el.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }

  close(): void {
    this.el.hidden = true;
  }
}
