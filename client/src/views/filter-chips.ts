/**
 * The active filters as chips over the canvas, always in view: the time window, each hidden node
 * type and relationship type, the hidden elements, each with how much of the canvas it hides and a
 * button that clears it; "Clear all" when there are several. Nothing filtered: no chips.
 */
import { clear, h } from '../dom.js';
import { formatSpan } from '../format.js';

export interface ActiveFilters {
  timeWindow: { from: string; to: string } | null;
  hiddenLabels: readonly string[];
  hiddenTypes: readonly string[];
  /** Elements the analyst hid (H). */
  hidden: number;
  /** Canvas elements outside the time window. */
  outsideWindow: number;
  /** Canvas elements per hidden label or type. */
  counts: ReadonlyMap<string, number>;
}

export interface FilterClearing {
  clearWindow(): void;
  showLabel(label: string): void;
  showType(type: string): void;
  showHidden(): void;
}

interface Chip {
  what: string;
  hides: number;
  title: string;
  clear: () => void;
}

export class FilterChips {
  constructor(
    private readonly root: HTMLElement,
    private readonly clearing: FilterClearing,
  ) {
    root.setAttribute('aria-label', 'Active filters');
  }

  private chips(f: ActiveFilters): Chip[] {
    const chips: Chip[] = [];
    if (f.timeWindow) {
      chips.push({
        what: `Time window: ${formatSpan(f.timeWindow.from, f.timeWindow.to)}`,
        hides: f.outsideWindow,
        title: 'Messages and bundles outside the window are hidden',
        clear: () => this.clearing.clearWindow(),
      });
    }
    for (const label of f.hiddenLabels) {
      chips.push({
        what: `No ${label}`,
        hides: f.counts.get(label) ?? 0,
        title: `${label} nodes are hidden (legend)`,
        clear: () => this.clearing.showLabel(label),
      });
    }
    for (const type of f.hiddenTypes) {
      chips.push({
        what: `No ${type}`,
        hides: f.counts.get(type) ?? 0,
        title: `${type} relationships are hidden (legend)`,
        clear: () => this.clearing.showType(type),
      });
    }
    if (f.hidden) {
      chips.push({
        what: `${f.hidden} hidden`,
        hides: f.hidden,
        title: 'Elements hidden with H or the menu',
        clear: () => this.clearing.showHidden(),
      });
    }
    return chips;
  }

  update(filters: ActiveFilters): void {
    const chips = this.chips(filters);
    clear(this.root);
    this.root.hidden = chips.length === 0;
    for (const chip of chips) {
      const hides = chip.hides ? ` · hides ${chip.hides}` : '';
      this.root.append(
        h(
          'span',
          { className: 'chip', title: chip.title },
          h('span', { className: 'chip-text' }, chip.what, h('span', { className: 'chip-hides' }, hides)),
          h(
            'button',
            {
              type: 'button',
              className: 'chip-clear',
              ariaLabel: `Clear: ${chip.what}`,
              title: 'Clear this filter',
              on: { click: chip.clear },
            },
            '×',
          ),
        ),
      );
    }
    if (chips.length > 1) {
      this.root.append(
        h(
          'button',
          {
            type: 'button',
            className: 'link chip-clear-all',
            on: { click: () => chips.forEach((c) => c.clear()) },
          },
          'Clear all',
        ),
      );
    }
  }
}
