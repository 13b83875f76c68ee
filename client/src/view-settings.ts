/**
 * The settings of a view besides its elements: filters, the time window, the layout, the viewport and
 * node size by degree. Read when a view is shared or exported, applied when one is opened or imported.
 */
import type { CanvasDocument } from './export.js';
import type { Position } from './graph-state.js';
import type { ViewState } from './share.js';
import type { Canvas, LayoutName } from './views/canvas.js';
import { LAYOUTS } from './views/canvas.js';
import type { Legend } from './views/legend.js';
import type { Timeline } from './views/timeline.js';

export type Settings = Pick<ViewState, 'hiddenLabels' | 'hiddenTypes' | 'timeWindow' | 'viewport' | 'layout'> & {
  sizeByDegree?: boolean;
};

export class ViewSettings {
  constructor(
    private readonly canvas: Canvas,
    private readonly legend: Legend,
    private readonly timeline: Timeline,
    private readonly layoutSelect: HTMLSelectElement,
  ) {}

  current(): Required<Omit<Settings, 'viewport'>> & { viewport: { zoom: number; pan: Position } } {
    const cy = this.canvas.cy;
    return {
      hiddenLabels: [...this.legend.filters.hiddenLabels],
      hiddenTypes: [...this.legend.filters.hiddenTypes],
      timeWindow: this.timeline.window,
      viewport: { zoom: cy.zoom(), pan: { ...cy.pan() } },
      layout: this.canvas.layout,
      sizeByDegree: this.legend.sizeByDegree.checked,
    };
  }

  apply(view: Settings): void {
    this.legend.setFilters(view.hiddenLabels, view.hiddenTypes);
    if (view.timeWindow || this.timeline.window) this.timeline.setWindow(view.timeWindow);
    // Messages known only by their relation to another are placed by the timeline's answer, which the
    // author had (a window is set in the timeline): ask for it, so the window hides what it hid there.
    if (view.timeWindow) void this.timeline.refresh();
    if (view.layout && (LAYOUTS as readonly string[]).includes(view.layout)) {
      this.canvas.layout = view.layout as LayoutName;
      this.layoutSelect.value = view.layout;
    }
    if (view.sizeByDegree !== undefined) {
      this.legend.sizeByDegree.checked = view.sizeByDegree;
      this.canvas.setSizeByDegree(view.sizeByDegree);
    }
    if (view.viewport) this.canvas.cy.viewport({ zoom: view.viewport.zoom, pan: view.viewport.pan });
    else this.canvas.fit();
  }

  /** The settings an imported canvas file carries. */
  static ofDocument(doc: CanvasDocument): Settings {
    return {
      hiddenLabels: doc.filters.hiddenLabels,
      hiddenTypes: doc.filters.hiddenTypes,
      timeWindow: doc.timeWindow,
      ...(doc.viewport ? { viewport: doc.viewport } : {}),
      ...(doc.layout ? { layout: doc.layout } : {}),
      ...(doc.sizeByDegree !== undefined ? { sizeByDegree: doc.sizeByDegree } : {}),
    };
  }
}
