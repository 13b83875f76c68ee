/**
 * The legend, which is also the filter panel: every label and relationship type of the model with
 * its colour, shape or dash and icon, how many of each are on the canvas, and a checkbox to show or
 * hide them; plus the display options (node size by degree).
 */
import { NODES, RELATIONSHIPS } from '../../../server/model/graph-model.js';
import { clear, h } from '../dom.js';
import { BUNDLE, edgeStyle, iconGlyph, nodeStyle } from '../style.js';

/** The label's icon in its colour and shape, as a small badge (DOM, for lists and the legend). */
export function iconBadge(label: string): HTMLElement {
  const style = nodeStyle(label);
  const badge = h('span', {
    className: `badge shape-${style.shape}`,
    title: label,
    attrs: { 'aria-hidden': 'true' },
  });
  badge.style.backgroundColor = style.color;
  badge.textContent = iconGlyph(label);
  return badge;
}

function edgeSwatch(type: string): HTMLElement {
  const style = edgeStyle(type);
  const swatch = h('span', { className: 'edge-swatch', attrs: { 'aria-hidden': 'true' } });
  swatch.style.borderTopColor = style.color;
  swatch.style.borderTopStyle = style.dashed ? 'dashed' : 'solid';
  if (type === BUNDLE) swatch.style.borderTopWidth = '4px';
  return swatch;
}

export interface FilterState {
  hiddenLabels: Set<string>;
  hiddenTypes: Set<string>;
}

export class Legend {
  readonly filters: FilterState = { hiddenLabels: new Set(), hiddenTypes: new Set() };
  private readonly labelCounts = new Map<string, HTMLElement>();
  private readonly typeCounts = new Map<string, HTMLElement>();
  private readonly typeRows = new Map<string, HTMLElement>();
  private readonly checkboxes = new Map<string, HTMLInputElement>();
  private showAllTypes = false;
  private readonly moreTypes: HTMLButtonElement;
  readonly sizeByDegree: HTMLInputElement;
  readonly webgl: HTMLInputElement;

  constructor(
    root: HTMLElement,
    private readonly onFilters: (filters: FilterState) => void,
    onSizeByDegree: (on: boolean) => void,
    options: { webgl: boolean; gpuNote: () => string; onWebgl: (on: boolean) => void },
  ) {
    clear(root);
    const labels = h('ul', { className: 'legend-list' });
    for (const [label, def] of Object.entries(NODES)) {
      // Bookkeeping labels (load runs, migrations) are never drawn, so they have no place here.
      if ((def as { meta?: boolean }).meta) continue;
      labels.append(this.row('label', label, iconBadge(label), label, def.description));
    }
    const types = h('ul', { className: 'legend-list' });
    const bundleRow = this.row(
      'type',
      BUNDLE,
      edgeSwatch(BUNDLE),
      'correspondence',
      'A bundle: the messages one party sent another, drawn as one edge (width: number of messages).',
    );
    types.append(bundleRow);
    this.typeRows.set(BUNDLE, bundleRow);
    for (const [type, def] of Object.entries(RELATIONSHIPS)) {
      const row = this.row('type', type, edgeSwatch(type), type, def.description);
      this.typeRows.set(type, row);
      types.append(row);
    }
    this.moreTypes = h('button', { type: 'button', className: 'link small' }, 'all types');
    this.moreTypes.addEventListener('click', () => {
      this.showAllTypes = !this.showAllTypes;
      this.refreshTypeRows();
    });
    this.webgl = h('input', { type: 'checkbox', id: 'webgl-renderer', checked: options.webgl });
    this.webgl.addEventListener('change', () => options.onWebgl(this.webgl.checked));
    const gpuHint = h('p', { className: 'hint', hidden: true });
    const webglLabel = h('label', { className: 'option', htmlFor: 'webgl-renderer' }, this.webgl, ' WebGL renderer');
    const explain = () => {
      if (!gpuHint.hidden) return;
      gpuHint.textContent = options.gpuNote();
      gpuHint.hidden = false;
    };
    webglLabel.addEventListener('pointerenter', explain);
    this.webgl.addEventListener('focus', explain);
    this.sizeByDegree = h('input', { type: 'checkbox', id: 'size-by-degree' });
    this.sizeByDegree.addEventListener('change', () => onSizeByDegree(this.sizeByDegree.checked));
    root.append(
      h('h2', {}, 'Nodes'),
      labels,
      h('h2', {}, 'Relationships ', this.moreTypes),
      types,
      h('h2', {}, 'Display'),
      h('label', { className: 'option', htmlFor: 'size-by-degree' }, this.sizeByDegree, ' node size by degree'),
      webglLabel,
      gpuHint,
      h(
        'p',
        { className: 'hint' },
        'Uncheck a row to hide it. Dashed border: a message whose time is unknown. Double-click a node to expand it; right-click for more.',
      ),
    );
    this.update(new Map(), new Map());
  }

  private row(kind: 'label' | 'type', key: string, swatch: HTMLElement, name: string, description: string) {
    const id = `filter-${kind}-${key}`;
    const checkbox = h('input', { type: 'checkbox', id, checked: true, dataset: { kind, key } });
    checkbox.addEventListener('change', () => {
      const set = kind === 'label' ? this.filters.hiddenLabels : this.filters.hiddenTypes;
      if (checkbox.checked) set.delete(key);
      else set.add(key);
      this.onFilters(this.filters);
    });
    this.checkboxes.set(`${kind}:${key}`, checkbox);
    const count = h('span', { className: 'count' }, '0');
    (kind === 'label' ? this.labelCounts : this.typeCounts).set(key, count);
    return h(
      'li',
      { className: 'legend-row', title: description, dataset: { key } },
      h('label', { htmlFor: id }, checkbox, swatch, h('span', { className: 'legend-name' }, name), count),
    );
  }

  /** Sets the filters (from the URL or a file) without the analyst touching the checkboxes. */
  setFilters(hiddenLabels: Iterable<string>, hiddenTypes: Iterable<string>): void {
    this.filters.hiddenLabels = new Set(hiddenLabels);
    this.filters.hiddenTypes = new Set(hiddenTypes);
    for (const [key, box] of this.checkboxes) {
      const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
      box.checked = !(kind === 'label' ? this.filters.hiddenLabels : this.filters.hiddenTypes).has(name);
    }
    this.onFilters(this.filters);
  }

  private typeTotals = new Map<string, number>();

  update(labels: Map<string, number>, types: Map<string, number>): void {
    for (const [label, el] of this.labelCounts) {
      const n = labels.get(label) ?? 0;
      el.textContent = String(n);
      el.parentElement?.parentElement?.classList.toggle('absent', n === 0);
    }
    this.typeTotals = types;
    for (const [type, el] of this.typeCounts) el.textContent = String(types.get(type) ?? 0);
    this.refreshTypeRows();
  }

  /** Types on the canvas (or filtered) always; the rest of the model on demand. */
  private refreshTypeRows(): void {
    let hiddenRows = 0;
    for (const [type, row] of this.typeRows) {
      const present = (this.typeTotals.get(type) ?? 0) > 0 || this.filters.hiddenTypes.has(type);
      row.hidden = !present && !this.showAllTypes;
      row.classList.toggle('absent', !present);
      if (!present) hiddenRows++;
    }
    this.moreTypes.textContent = this.showAllTypes ? 'only those on the canvas' : `all ${this.typeRows.size} types`;
    this.moreTypes.hidden = hiddenRows === 0 && !this.showAllTypes;
  }
}
